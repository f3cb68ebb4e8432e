import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isDataFormat1, loadLmdb, nativeBindingDir } from "../src/native-binding.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("the LMDB data-format-1 binding", () => {
  it("is where the build script puts it", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "scripts", "build-native.mjs")], {
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `present (${join(nativeBindingDir(), "build", "Release", "lmdb.node")})`,
    );
  });

  it("runs LMDB 0.9 (data format 1), the release py-lmdb reads", () => {
    const { version } = loadLmdb();
    expect(version.major).toBe(0);
    expect(version.minor).toBe(9);
    expect(version.patch).toBeLessThan(90);
    expect(version.versionString).toMatch(/^LMDB 0\.9\.\d+:/);
  });

  it("tells format-1 releases from the format-2 ones lmdb-js ships prebuilt", () => {
    expect(isDataFormat1({ versionString: "", major: 0, minor: 9, patch: 29 })).toBe(true);
    expect(isDataFormat1({ versionString: "", major: 0, minor: 9, patch: 24 })).toBe(true);
    expect(isDataFormat1({ versionString: "", major: 0, minor: 9, patch: 90 })).toBe(false);
    expect(isDataFormat1({ versionString: "", major: 1, minor: 0, patch: 0 })).toBe(false);
  });
});
