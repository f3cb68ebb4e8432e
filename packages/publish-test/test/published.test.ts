// The release, rehearsed against a real registry: `changeset version` in a copy of the
// repository (every public package must come out at 0.1.0), `pnpm publish -r` of every public
// package and of the example codec under a third party's scope to a local Verdaccio, then two
// fresh apps that install by name, with only @zarrkit (and @thirdparty) scoped to Verdaccio in
// their .npmrc: everything else comes from the usual registry. zarr-python reads what both
// apps write. Needs `pnpm build` first (scripts/test.sh runs it).
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { publishablePackages, runPythonJson } from "@zarrkit/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  changesetVersion,
  copyForRelease,
  FIRST_RELEASE,
  versionsOtherThan,
} from "./release-copy.js";
import { type Registry, startVerdaccio } from "./verdaccio.js";

const run = promisify(execFile);
const APP_FILES = fileURLToPath(new URL("../app", import.meta.url));
const EXAMPLE = "examples/codec-xor-delta";
const THIRD_PARTY = "@thirdparty/codec-xor-delta";
const PUBLIC = publishablePackages().map((p) => p.name);
const MINIMAL = ["@zarrkit/codec-zlib", "@zarrkit/core", "@zarrkit/store-fs"];

const root = mkdtempSync(join(tmpdir(), "zarrkit-publish-"));
const repo = join(root, "repo");
const nodeApp = join(root, "node-app");
const thirdPartyApp = join(root, "thirdparty-app");
let registry: Registry | undefined;
let versionLog = "";

// A set-up failure fails every test with its message instead of leaving them skipped.
let setupError: unknown;
function ready(): Registry {
  if (setupError !== undefined) throw setupError;
  return registry!;
}

async function sh(cmd: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd, maxBuffer: 64 << 20 });
    return `${stdout}${stderr}`;
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}${stderr ?? ""}`, {
      cause: e,
    });
  }
}

/** A fresh app folder: the app scripts, a package.json and an .npmrc scoping only `scopes`. */
function makeApp(dir: string, deps: Record<string, string>, scopes: string[], url: string) {
  cpSync(APP_FILES, dir, { recursive: true });
  const manifest = {
    name: "app",
    version: "1.0.0",
    private: true,
    type: "module",
    dependencies: deps,
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, ".npmrc"), scopes.map((s) => `${s}:registry=${url}\n`).join(""));
}

async function packument(name: string): Promise<{
  versions: Record<
    string,
    Record<string, Record<string, string> | undefined> & { dist: { tarball: string } }
  >;
}> {
  const res = await fetch(`${ready().url}${name.replace("/", "%2f")}`);
  if (!res.ok) throw new Error(`the registry has no ${name} (${res.status})`);
  return (await res.json()) as never;
}

beforeAll(async () => {
  try {
    await copyForRelease(repo, { extra: [EXAMPLE] });
    versionLog = await changesetVersion(repo);
    // The example codec, published the way a third party would: its own scope, its own version.
    const manifestPath = join(repo, EXAMPLE, "package.json");
    const example = JSON.parse(readFileSync(manifestPath, "utf8"));
    Object.assign(example, { name: THIRD_PARTY, version: "0.1.0", private: false });
    writeFileSync(manifestPath, JSON.stringify(example, null, 2));
    registry = await startVerdaccio(join(root, "verdaccio"));
    const host = registry.url.replace(/^http:/, "");
    writeFileSync(
      join(repo, ".npmrc"),
      `registry=${registry.url}\n${host}:_authToken=${registry.token}\n`,
    );
    await sh("pnpm", ["publish", "-r", "--registry", registry.url, "--no-git-checks"], repo);
    const umbrella = (await packument("zarrkit")).versions[FIRST_RELEASE]!.dist.tarball;
    makeApp(
      nodeApp,
      Object.fromEntries(MINIMAL.map((n) => [n, `^${FIRST_RELEASE}`])),
      ["@zarrkit"],
      registry.url,
    );
    // "zarrkit" has no scope to route: the app names its tarball on the local registry.
    makeApp(
      thirdPartyApp,
      { zarrkit: umbrella, [THIRD_PARTY]: "^0.1.0" },
      ["@zarrkit", "@thirdparty"],
      registry.url,
    );
    const install = ["install", "--no-audit", "--no-fund", "--loglevel=error"];
    await Promise.all([sh("npm", install, nodeApp), sh("npm", install, thirdPartyApp)]);
  } catch (e) {
    setupError = e;
  }
});

afterAll(async () => {
  await registry?.stop();
  rmSync(root, { recursive: true, force: true });
});

it(`changeset version gives every public package ${FIRST_RELEASE}, with a CHANGELOG.md`, async () => {
  ready();
  expect(PUBLIC.length).toBeGreaterThan(20);
  expect(await versionsOtherThan(repo, FIRST_RELEASE)).toEqual([]);
  const changelog = readFileSync(join(repo, "plugins", "codec-zlib", "CHANGELOG.md"), "utf8");
  expect(changelog).toMatch(/^# @zarrkit\/codec-zlib\n\n## 0\.1\.0\n\n### Minor Changes\n/);
  expect(versionLog).not.toMatch(/error/i);
});

it("a stray major entry fails the version check", async () => {
  const copy = join(root, "stray-major");
  await copyForRelease(copy, { manifestsOnly: true });
  writeFileSync(
    join(copy, ".changeset", "stray.md"),
    '---\n"@zarrkit/core": major\n---\n\nBoom.\n',
  );
  await changesetVersion(copy);
  const off = await versionsOtherThan(copy, FIRST_RELEASE);
  expect(off).toContain("@zarrkit/core: 1.0.0");
  rmSync(copy, { recursive: true, force: true });
});

describe("the registry", () => {
  it("holds every public package at 0.1.0 and the third-party codec, with no workspace: range left", async () => {
    ready();
    const leftovers: string[] = [];
    for (const name of [...PUBLIC, THIRD_PARTY]) {
      const manifest = (await packument(name)).versions[FIRST_RELEASE];
      expect(manifest, name).toBeDefined();
      for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
        for (const [dep, range] of Object.entries(manifest![field] ?? {})) {
          if (range.startsWith("workspace:")) leftovers.push(`${name} ${field}.${dep}: ${range}`);
        }
      }
    }
    expect(leftovers).toEqual([]);
    const zlib = (await packument("@zarrkit/codec-zlib")).versions[FIRST_RELEASE]!;
    expect(zlib.peerDependencies).toEqual({ "@zarrkit/core": "0.x" });
    const umbrella = (await packument("zarrkit")).versions[FIRST_RELEASE]!;
    expect(umbrella.dependencies!["@zarrkit/core"]).toBe(`^${FIRST_RELEASE}`);
  });
});

/** zarrkit (and third-party) packages installed anywhere in `npm ls --all --json`'s tree. */
async function zarrkitInTree(dir: string): Promise<string[]> {
  const tree = JSON.parse(await sh("npm", ["ls", "--all", "--json"], dir));
  const found = new Set<string>();
  const walk = (deps: Record<string, { dependencies?: object; version?: string }> | undefined) => {
    for (const [name, node] of Object.entries(deps ?? {})) {
      // An optional peer that is not installed is listed too, without a version.
      const ours = name === "zarrkit" || /^@(zarrkit|thirdparty)\//.test(name);
      if (ours && node.version !== undefined) {
        found.add(`${name}@${node.version}`);
      }
      walk(node.dependencies as never);
    }
  };
  walk(tree.dependencies);
  return [...found].sort();
}

describe("a Node app with @zarrkit/core, store-fs and codec-zlib, installed by name", () => {
  it("has nothing else from zarrkit (no umbrella) in its tree", async () => {
    ready();
    expect(await zarrkitInTree(nodeApp)).toEqual(MINIMAL.map((n) => `${n}@${FIRST_RELEASE}`));
  });

  it("writes an array that zarr-python reads with exact values", async () => {
    ready();
    const out = JSON.parse(
      (await sh(process.execPath, ["node-app.mjs"], nodeApp)).trim().split("\n").pop()!,
    );
    const expected = Array.from({ length: 600 }, (_, k) => {
      const [i, j] = [Math.floor(k / 30), k % 30];
      return i >= 2 && i < 5 && j >= 3 && j < 9 ? -7 : k * 7919 - 1000000;
    });
    expect(out.values).toEqual(expected);
    const py = runPythonJson<{ values: number[]; dtype: string; compressor: unknown }>(
      `import json, zarr
z = zarr.open(${JSON.stringify(join(nodeApp, "data.zarr"))}, mode="r")
print(json.dumps({"values": z[:].ravel().tolist(), "dtype": z.dtype.str, "compressor": z.compressor.get_config()}))`,
    );
    expect(py.dtype).toBe("<i4");
    expect(py.compressor).toEqual({ id: "zlib", level: 1 });
    expect(py.values).toEqual(expected);
  });
});

describe("an app with the umbrella and a third party's filter, installed by name", () => {
  it("gets the umbrella, its plugins and the third-party package from the local registry", async () => {
    ready();
    const tree = await zarrkitInTree(thirdPartyApp);
    expect(tree).toContain(`zarrkit@${FIRST_RELEASE}`);
    expect(tree).toContain(`${THIRD_PARTY}@0.1.0`);
    expect(tree).toContain(`@zarrkit/core@${FIRST_RELEASE}`);
    // Native stores are optional peers: the umbrella does not pull them in.
    expect(tree.filter((n) => /store-(sqlite|lmdb)/.test(n))).toEqual([]);
  });

  it("writes and reads an array through the filter, and zarr-python reads it with the filter's numcodecs twin", async () => {
    ready();
    const out = JSON.parse(
      (await sh(process.execPath, ["thirdparty-app.mjs"], thirdPartyApp)).trim().split("\n").pop()!,
    );
    const expected = Array.from({ length: 1000 }, (_, i) => i * 0.25 - 100);
    expect(out.values).toEqual(expected);
    expect(out.filters).toEqual([{ id: "example-xor-delta", itemsize: 8 }]);
    // numcodecs does not know the id: the snippet registers a Python twin of the filter (decode
    // only: an XOR prefix scan over the elements), as the example's README says a reader must.
    const py = runPythonJson<{ values: number[]; filters: unknown; compressor: string }>(
      `import json, numpy as np, numcodecs, zarr
from numcodecs.abc import Codec
class XorDelta(Codec):
    codec_id = "example-xor-delta"
    def __init__(self, itemsize=None):
        self.itemsize = itemsize
    def encode(self, buf):
        raise NotImplementedError
    def decode(self, buf, out=None):
        a = np.frombuffer(bytes(memoryview(buf)), dtype="u%d" % self.itemsize)
        r = np.bitwise_xor.accumulate(a)
        return numcodecs.compat.ndarray_copy(r, out) if out is not None else r.tobytes()
numcodecs.register_codec(XorDelta)
z = zarr.open(${JSON.stringify(join(thirdPartyApp, "xor.zarr"))}, mode="r")
print(json.dumps({"values": z[:].tolist(), "filters": [f.get_config() for f in z.filters], "compressor": z.compressor.cname}))`,
    );
    expect(py.filters).toEqual([{ id: "example-xor-delta", itemsize: 8 }]);
    expect(py.compressor).toBe("lz4");
    expect(py.values).toEqual(expected);
  });
});
