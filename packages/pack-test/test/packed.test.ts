// zarrkit as an app installs it. Every publishable workspace package is packed with `pnpm pack`;
// the tarballs are installed with plain npm into fresh apps in a temporary directory (outside
// the workspace, so nothing resolves to the sources); the apps run with plain node (import and
// require), type-check with tsc and run bundled in headless Chromium. Needs `pnpm build` first.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installApp, installedZarrkitPackages, runNode } from "./app.js";
import { runInChromium } from "./browser-app.js";
import { bloscHeaderFacts, expectedValues, type RoundTrip } from "./expected.js";
import { packAll } from "./pack.js";
import { RESOLUTIONS, type Resolution, typecheck } from "./typecheck.js";
import { type PackageManifest, publishablePackages, WORKSPACE_ROOT } from "@zarrkit/test-utils";

const PACKAGES = publishablePackages();
const MINIMAL = ["@zarrkit/codec-zlib", "@zarrkit/core", "@zarrkit/store-memory"];
// Stores over native bindings compile at install time; the umbrella must not make every user
// build them, so an app adds them by name.
const NATIVE_STORES = ["@zarrkit/store-lmdb", "@zarrkit/store-sqlite"];

const root = mkdtempSync(join(tmpdir(), "zarrkit-pack-"));
const tarballDir = join(root, "tarballs");
const minimalApp = join(root, "minimal-app");
const umbrellaApp = join(root, "umbrella-app");
let tarballs = new Map<string, string>();

// A set-up failure (no dist/, npm unreachable) fails every test with its message instead of
// leaving them skipped.
let setupError: unknown;
function ready() {
  if (setupError !== undefined) throw setupError;
}

beforeAll(async () => {
  try {
    mkdirSync(tarballDir);
    mkdirSync(minimalApp);
    mkdirSync(umbrellaApp);
    tarballs = await packAll(PACKAGES, tarballDir);
    await installApp(minimalApp, MINIMAL, tarballs);
    await installApp(umbrellaApp, ["zarrkit"], tarballs);
  } catch (e) {
    setupError = e;
  }
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function tarList(file: string): string[] {
  return execFileSync("tar", ["tzf", file], { encoding: "utf8" }).trim().split("\n");
}

function tarRead(file: string, path: string): string {
  return execFileSync("tar", ["xzf", file, "-O", `package/${path}`], { encoding: "utf8" });
}

/** Every file an exports map points to ("./dist/index.js", ...), under any condition. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === "string") return [exports];
  if (exports === null || typeof exports !== "object") return [];
  return Object.values(exports).flatMap(exportTargets);
}

function parseLastLine(stdout: string): RoundTrip {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!) as RoundTrip;
}

it("finds the publishable packages in the workspace (core, the umbrella and the plugins)", () => {
  const names = PACKAGES.map((p) => p.name);
  expect(names).toEqual(expect.arrayContaining(["zarrkit", ...MINIMAL, "@zarrkit/codec-blosc"]));
  expect(names).not.toContain("@zarrkit/test-utils");
});

it("the repository has an MIT LICENSE", () => {
  expect(readFileSync(join(WORKSPACE_ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License\n/);
});

describe("each tarball", () => {
  for (const pkg of PACKAGES) {
    it(`${pkg.name}: README, MIT LICENSE, main/types beside exports, every target shipped, core peer range 0.x, no zarrkit-source condition`, () => {
      ready();
      const file = tarballs.get(pkg.name)!;
      const files = new Set(tarList(file).map((f) => f.replace(/^package\//, "")));
      expect(files.has("README.md"), "README.md").toBe(true);
      expect(files.has("LICENSE"), "LICENSE").toBe(true);
      expect(tarRead(file, "LICENSE")).toMatch(/^MIT License\n/);
      const manifest = JSON.parse(tarRead(file, "package.json")) as PackageManifest;
      expect(manifest.license).toBe("MIT");
      expect(manifest.main, "main (for moduleResolution node10)").toMatch(/^\.\/dist\/.+\.js$/);
      expect(manifest.types, "types (for moduleResolution node10)").toMatch(
        /^\.\/dist\/.+\.d\.ts$/,
      );
      const targets = [manifest.main!, manifest.types!, ...exportTargets(manifest.exports)];
      const missing = targets.map((t) => t.replace(/^\.\//, "")).filter((t) => !files.has(t));
      expect(missing, "files package.json points to but the tarball lacks").toEqual([]);
      const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
      const unresolved = Object.entries(ranges).filter(([, r]) => r.startsWith("workspace:"));
      expect(unresolved).toEqual([]);
      // The range docs-site/writing-a-codec.md tells third-party codecs to declare: the
      // plugin contract holds across 0.x (CONTRIBUTING.md, "Versions").
      if (manifest.peerDependencies?.["@zarrkit/core"] !== undefined) {
        expect(manifest.peerDependencies["@zarrkit/core"]).toBe("0.x");
      }
      // The workspace-only condition points at TypeScript sources: not in a published map.
      expect(JSON.stringify(manifest.exports)).not.toContain("zarrkit-source");
    });
  }
});

describe("an app that installs @zarrkit/core, store-memory and codec-zlib only", () => {
  const expected = expectedValues();
  const check = (got: RoundTrip) => {
    expect(got).toMatchObject(expected);
    expect(got.compressor).toBe("Zlib(level=1)");
    expect(got.meta).toEqual({
      dtype: "<i4",
      shape: [20, 30],
      chunks: [7, 8],
      compressor: { id: "zlib", level: 1 },
    });
    // A zlib stream at level 1: CMF 0x78, FLG 0x01.
    expect(got.chunkHead?.slice(0, 2)).toEqual([0x78, 0x01]);
  };

  it("has no other zarrkit package in node_modules", () => {
    ready();
    expect(installedZarrkitPackages(minimalApp)).toEqual(MINIMAL);
  });

  it("creates, writes and reads an array with node, as ES modules", async () => {
    ready();
    const { stdout, stderr } = await runNode(minimalApp, "min-esm.mjs");
    check(parseLastLine(stdout));
    expect(stderr).toBe("");
  });

  it("does the same through require()", async () => {
    ready();
    const { stdout, stderr } = await runNode(minimalApp, "min-cjs.cjs");
    check(parseLastLine(stdout));
    expect(stderr).toBe("");
  });

  for (const resolution of Object.keys(RESOLUTIONS) as Resolution[]) {
    it(`type-checks a strict .ts file against the shipped types (moduleResolution ${resolution})`, async () => {
      ready();
      expect(await typecheck(minimalApp, "min-app.ts", resolution)).toBe("");
    });
  }

  it("runs bundled by esbuild in headless Chromium", async () => {
    ready();
    const run = await runInChromium(minimalApp, "browser-min.mjs");
    expect(run.outcome.error).toBeUndefined();
    check(run.outcome.result as RoundTrip);
    expect(run.problems).toEqual([]);
    expect(run.requests).toEqual(["200 /", "200 /app.js"]);
  });
});

describe("an app that installs the umbrella zarrkit", () => {
  const expected = expectedValues();
  const BLOSC = "Blosc(cname='lz4', clevel=5, shuffle=SHUFFLE, blocksize=0)";
  const check = (got: RoundTrip) => {
    expect(got).toMatchObject(expected);
    expect(got.compressor).toBe(BLOSC);
    expect(got.meta.compressor).toEqual({
      id: "blosc",
      cname: "lz4",
      clevel: 5,
      shuffle: 1,
      blocksize: 0,
    });
    expect(bloscHeaderFacts(got.chunkHead!)).toEqual({
      version: 2,
      typesize: 4,
      nbytes: 7 * 8 * 4,
    });
  };

  it("gets every publishable package but the native stores through the umbrella's dependencies", () => {
    ready();
    const installed = installedZarrkitPackages(umbrellaApp);
    const expected = PACKAGES.map((p) => p.name).filter((n) => !NATIVE_STORES.includes(n));
    expect(installed).toEqual(expected.sort());
  });

  // 1 MiB chunks go to codec workers, which load the installed package's worker module; the
  // node process then exits by itself.
  const checkWorkers = (got: RoundTrip & { big?: unknown; workersStarted?: number }) => {
    const n = 262144;
    expect(got.big).toEqual({
      length: n,
      mismatches: 0,
      samples: [0, n / 2, n - 1].map((i) => i * 0.5 - 1000),
    });
    expect(got.workersStarted).toBeGreaterThan(0);
  };

  it("installs the zarrkit command: node_modules/.bin/zarrkit prints its version and a tree", () => {
    ready();
    const bin = join(umbrellaApp, "node_modules", ".bin", "zarrkit");
    const version = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
    expect(version).toBe(PACKAGES.find((p) => p.name === "zarrkit")!.manifest.version);
    const store = join(root, "cli-store.zarr");
    mkdirSync(join(store, "sub"), { recursive: true });
    writeFileSync(join(store, ".zgroup"), '{"zarr_format": 2}');
    writeFileSync(join(store, "sub", ".zgroup"), '{"zarr_format": 2}');
    expect(execFileSync(bin, ["tree", store], { encoding: "utf8" })).toBe("/\n └── sub\n");
  });

  it("round-trips with the default Blosc compressor in node, as ES modules, on worker threads for large chunks", async () => {
    ready();
    const { stdout, stderr } = await runNode(umbrellaApp, "umbrella-esm.mjs");
    check(parseLastLine(stdout));
    checkWorkers(parseLastLine(stdout));
    expect(stderr).toBe("");
  });

  it("does the same through require()", async () => {
    ready();
    const { stdout, stderr } = await runNode(umbrellaApp, "umbrella-cjs.cjs");
    check(parseLastLine(stdout));
    checkWorkers(parseLastLine(stdout));
    expect(stderr).toBe("");
  });

  for (const resolution of Object.keys(RESOLUTIONS) as Resolution[]) {
    it(`type-checks a strict .ts file against the shipped types (moduleResolution ${resolution})`, async () => {
      ready();
      expect(await typecheck(umbrellaApp, "umbrella-app.ts", resolution)).toBe("");
    });
  }

  it("runs bundled by esbuild in headless Chromium: Blosc by default, Zstd from its WebAssembly, LZMA cannot encode", async () => {
    ready();
    const run = await runInChromium(umbrellaApp, "browser-umbrella.mjs");
    expect(run.outcome.error).toBeUndefined();
    const got = run.outcome.result as {
      defaults: RoundTrip;
      zstd: RoundTrip;
      lzmaWrite: { ok: boolean; name?: string; message?: string };
    };
    check(got.defaults);
    expect(got.zstd).toMatchObject(expected);
    expect(got.zstd.compressor).toBe("Zstd(level=1)");
    // A zstd frame: magic number 0xFD2FB528, little-endian.
    expect(got.zstd.chunkHead?.slice(0, 4)).toEqual([0x28, 0xb5, 0x2f, 0xfd]);
    expect(got.lzmaWrite.ok).toBe(false);
    expect(got.lzmaWrite.name).toBe("CodecError");
    expect(got.lzmaWrite.message).toMatch(/lzma-native \(Node\.js\)/);
    expect(run.problems).toEqual([]);
    expect(run.requests.sort()).toEqual(["200 /", "200 /app.js", "200 /zstd.wasm"]);
  });
});
