// The browser entry must not reach better-sqlite3 or a Node module: a bundler would fail on
// the native addon. It fails on import instead, saying what to do.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ZarrError } from "@zarrkit/core";
import { moduleSpecifiers } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("the browser entry", () => {
  it("is what the browser condition names, and imports core alone", () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8"));
    expect(pkg.exports["."].browser["zarrkit-source"]).toBe("./src/browser.ts");
    expect(pkg.exports["."].browser.default).toBe("./dist/browser.js");
    const source = readFileSync(resolve(ROOT, "src/browser.ts"), "utf8");
    const imports = moduleSpecifiers(source);
    expect(imports).toEqual(["@zarrkit/core"]);
  });

  it("fails on import with a ZarrError that says Node only", async () => {
    const err = await import("../src/browser.js").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ZarrError);
    expect((err as Error).message).toMatch(/^@zarrkit\/store-sqlite runs in Node only/);
  });
});
