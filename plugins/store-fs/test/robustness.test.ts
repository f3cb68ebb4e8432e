import { spawn } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { listKeys, ReadOnlyError, StoreKeyError, ZarrError } from "@zarrkit/core";
import { PYTHON, runPython, runPythonJson } from "@zarrkit/test-utils";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { writeFaults } from "../src/directory-store.js";
import {
  checkKey,
  DirectoryStore,
  NestedDirectoryStore,
  openDirectoryStore,
} from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-fs2-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  writeFaults.hook = undefined;
});
let n = 0;
const fresh = () => join(tmp, `s${n++}`);
const filled = (size: number, v: number) => new Uint8Array(size).fill(v);

/** Every file under `dir`, relative, with "/" separators. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(join(d, e.name), r);
      else out.push(r);
    }
  };
  walk(dir, "");
  return out.sort();
}

describe("failed writes", () => {
  for (const stage of ["partial", "written"] as const) {
    it(`leave the old value and no temporary file when the write fails (${stage})`, async () => {
      const root = fresh();
      const s = new DirectoryStore(root);
      await s.set("a/0.0", filled(1000, 1));
      let seenTemp = "";
      writeFaults.hook = (at, temp) => {
        if (at !== stage) return;
        seenTemp = temp;
        // the temporary file sits beside the destination while the write is under way
        expect(readdirSync(join(root, "a")).length).toBe(2);
        throw new Error("disk full (simulated)");
      };
      await expect(s.set("a/0.0", filled(1000, 2))).rejects.toThrow("disk full (simulated)");
      await expect(s.set("a/new", filled(10, 3))).rejects.toThrow("disk full (simulated)");
      expect(seenTemp).toMatch(/a[/\\]new\.[0-9a-f]{32}\.partial$/);
      writeFaults.hook = undefined;
      expect(await s.get("a/0.0")).toEqual(filled(1000, 1));
      expect(await s.get("a/new")).toBeUndefined();
      expect(tree(root)).toEqual(["a/0.0"]);
    });
  }

  it("refuse a key where a folder of keys lives, or under a value, changing nothing", async () => {
    const root = fresh();
    const s = new DirectoryStore(root);
    await s.set("g/arr/0.0", filled(4, 7));
    await s.set("v", filled(2, 1));
    await expect(s.set("g/arr", filled(4, 1))).rejects.toThrow(StoreKeyError);
    await expect(s.set("g/arr", filled(4, 1))).rejects.toThrow('"g/arr": a folder');
    await expect(s.set("v/0", filled(4, 1))).rejects.toThrow(StoreKeyError);
    expect(tree(root)).toEqual(["g/arr/0.0", "v"]);
    expect(await s.delete("g/arr")).toBe(false);
    expect(await s.get("g/arr/0.0")).toEqual(filled(4, 7));
  });
});

describe("keys", () => {
  it("are checked by checkKey with errors naming the key", () => {
    for (const ok of [".zarray", "a/b/0.0", "0/0/1", "my group/x", "a..b/c", "...", "a.partial"])
      expect(checkKey(ok)).toBe(ok);
    const bad: [string, string][] = [
      ["../x", '".." segment'],
      ["a/..", '".." segment'],
      ["./a", '"." segment'],
      ["/abs", "absolute path"],
      ["a/", "empty path segment"],
      ["a//b", "empty path segment"],
      ["a\\b", "backslash"],
      ["c:/x", "drive letter"],
      ["x\0y", "NUL"],
      ["", "empty key"],
      [`a/0.0.${"ab".repeat(16)}.partial`, "temporary"],
    ];
    for (const [key, why] of bad) {
      expect(() => checkKey(key), key).toThrow(StoreKeyError);
      expect(() => checkKey(key), key).toThrow(`invalid store key ${JSON.stringify(key)}: `);
      expect(() => checkKey(key), key).toThrow(why);
    }
  });

  it("escape attempts through every method touch nothing outside the root", async () => {
    const outer = fresh();
    const root = join(outer, "store");
    mkdirSync(join(outer, "sibling"), { recursive: true });
    writeFileSync(join(outer, "sibling", "k"), "keep");
    const s = new DirectoryStore(root);
    await s.set("inside", filled(1, 1));
    const keys = ["../sibling/k", "../sibling", "a/../../sibling/k", `${outer}/sibling/k`];
    for (const key of keys) {
      await expect(s.get(key)).rejects.toThrow(StoreKeyError);
      await expect(s.getRange(key, { offset: 0, length: 1 })).rejects.toThrow(StoreKeyError);
      await expect(s.has(key)).rejects.toThrow(StoreKeyError);
      await expect(s.set(key, filled(1, 9))).rejects.toThrow(StoreKeyError);
      await expect(s.delete(key)).rejects.toThrow(StoreKeyError);
      await expect(s.deletePrefix(`${key}/`)).rejects.toThrow(StoreKeyError);
      await expect(s.list(`${key}/`)).rejects.toThrow(StoreKeyError);
      await expect(s.listDir(`${key}/`)).rejects.toThrow(StoreKeyError);
    }
    await expect(s.deletePrefix("/")).rejects.toThrow(StoreKeyError);
    await expect(s.deletePrefix("..")).rejects.toThrow(StoreKeyError);
    expect(tree(outer)).toEqual(["sibling/k", "store/inside"]);
    expect(readFileSync(join(outer, "sibling", "k"), "utf8")).toBe("keep");
  });

  it("skip temporary files of in-flight writes (ours and zarr-python's) when listing", async () => {
    const root = fresh();
    const s = new DirectoryStore(root);
    await s.set("a/0.0", filled(1, 1));
    writeFileSync(join(root, "a", `0.1.${"0123456789abcdef".repeat(2)}.partial`), "x");
    expect(await listKeys(s)).toEqual(["a/0.0"]);
    expect(await s.listDir("a/")).toEqual({ keys: ["0.0"], prefixes: [] });
  });
});

describe("DirectoryStore API", () => {
  it("reads ranges, validates them and honours abort signals", async () => {
    const s = new DirectoryStore(fresh());
    const v = Uint8Array.from({ length: 300 }, (_, i) => i & 255);
    await s.set("k", v);
    expect(await s.getRange("k", { offset: 10, length: 5 })).toEqual(v.subarray(10, 15));
    expect(await s.getRange("k", { offset: 290, length: 50 })).toEqual(v.subarray(290));
    expect(await s.getRange("k", { offset: 400, length: 5 })).toEqual(new Uint8Array(0));
    expect(await s.getRange("k", { offset: 0 })).toEqual(v);
    expect(await s.getRange("missing", { offset: 0, length: 1 })).toBeUndefined();
    await expect(s.getRange("k", { offset: -1, length: 2 })).rejects.toThrow(StoreKeyError);
    expect(await s.getRange("k", { suffixLength: 7 })).toEqual(v.subarray(v.length - 7));
    expect(await s.getRange("k", { suffixLength: 10_000 })).toEqual(v);
    expect(await s.getRange("k", { suffixLength: 0 })).toEqual(new Uint8Array(0));
    expect(await s.getRange("missing", { suffixLength: 4 })).toBeUndefined();
    await expect(s.getRange("k", { suffixLength: -2 })).rejects.toThrow("suffixLength");
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(s.get("k", { signal: ctrl.signal })).rejects.toThrow();
    await expect(
      s.getRange("k", { offset: 0, length: 1 }, { signal: ctrl.signal }),
    ).rejects.toThrow();
  });

  it("deletes values, prefixes and partial names; keeps empty folders on delete as zarr-python", async () => {
    const root = fresh();
    const s = new DirectoryStore(root);
    for (const k of ["g/.zgroup", "g/a/0/0", "g/a/0/1", "g/ab/x", "g/b/x", "top"])
      await s.set(k, filled(1, 1));
    expect(await s.delete("g/a/0/0")).toBe(true);
    expect(await s.delete("g/a/0/1")).toBe(true);
    expect(await s.listDir("g/a/")).toEqual({ keys: [], prefixes: ["0"] });
    await s.deletePrefix("g/a");
    expect(await listKeys(s)).toEqual(["g/.zgroup", "g/b/x", "top"]);
    await s.deletePrefix("g/b/");
    expect(tree(root)).toEqual(["g/.zgroup", "top"]);
    await s.deletePrefix("nothing/here/");
    await s.deletePrefix("");
    expect(readdirSync(root)).toEqual([]);
    expect(await listKeys(s)).toEqual([]);
  });

  it("writes again into a folder a concurrent deletePrefix removed", async () => {
    const s = new DirectoryStore(fresh());
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      work.push(s.set(`g/c/${i}`, filled(100, i)));
      if (i % 10 === 5) work.push(s.deletePrefix("g/c/"));
    }
    await Promise.all(work);
    await s.set("g/c/last", filled(3, 3));
    expect(await s.get("g/c/last")).toEqual(filled(3, 3));
    for (const k of await listKeys(s, "g/c/")) {
      const v = (await s.get(k))!;
      expect(v.every((b) => b === v[0])).toBe(true);
    }
  });

  it("lists through symlinked folders and files inside the root", async () => {
    const root = fresh();
    const s = new DirectoryStore(root);
    await s.set("real/0", filled(1, 5));
    symlinkSync(join(root, "real"), join(root, "linked"));
    expect(await listKeys(s)).toEqual(["linked/0", "real/0"]);
    expect(await s.listDir("")).toEqual({ keys: [], prefixes: ["linked", "real"] });
  });

  it("exposes the separator, the mode and the path; refuses bad options", async () => {
    const root = fresh();
    expect(new DirectoryStore(root).dimensionSeparator).toBeUndefined();
    expect(new DirectoryStore(root, { dimensionSeparator: "/" }).dimensionSeparator).toBe("/");
    const nested = new NestedDirectoryStore(root);
    expect(nested.dimensionSeparator).toBe("/");
    expect(String(nested)).toBe("NestedDirectoryStore");
    expect(nested).toBeInstanceOf(DirectoryStore);
    expect(() => new NestedDirectoryStore(root, { dimensionSeparator: "." as "/" })).toThrow(
      'only supports "/"',
    );
    expect(() => new DirectoryStore(root, { dimensionSeparator: "-" as "." })).toThrow(
      "dimensionSeparator",
    );
    writeFileSync(join(tmp, "plainfile"), "x");
    expect(() => new DirectoryStore(join(tmp, "plainfile"))).toThrow("is not a directory");
    expect(new DirectoryStore("rel/dir").path).toBe(join(process.cwd(), "rel", "dir"));

    const viaUrl = openDirectoryStore(pathToFileURL(root).href, { mode: "r+" });
    expect(viaUrl.path).toBe(root);
    expect(viaUrl.readOnly).toBe(false);
    const ro = openDirectoryStore(root, { mode: "r" });
    await expect(ro.deletePrefix("")).rejects.toThrow(ReadOnlyError);
    await expect(ro.set("k", filled(1, 1))).rejects.toThrow(`cannot write "k"`);
    expect(() => openDirectoryStore(root, { mode: "x" })).toThrow(ZarrError);
    expect(
      openDirectoryStore(root, { mode: "w", dimensionSeparator: "/" }).dimensionSeparator,
    ).toBe("/");
    const noSync = new DirectoryStore(fresh(), { fsync: false });
    expect(noSync.fsync).toBe(false);
    await noSync.set("a/b", filled(3, 3));
    expect(await noSync.get("a/b")).toEqual(filled(3, 3));
  });
});

describe("concurrency with zarr-python", () => {
  it("our readers see whole values while zarr-python's DirectoryStore rewrites a key", async () => {
    const root = fresh();
    const s = new DirectoryStore(root);
    const size = 256 * 1024;
    await s.set("c/0", filled(size, 0));
    const script = `import zarr, sys
s = zarr.DirectoryStore(${JSON.stringify(root)})
for i in range(1, 151):
    s["c/0"] = bytes([i % 256]) * (${size} + i)
print("done")`;
    const child = spawn(PYTHON, ["-c", script], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number>((res) => child.on("exit", (code) => res(code ?? -1)));
    let running = true;
    void exited.then(() => (running = false));
    let reads = 0;
    let torn = 0;
    const seen = new Set<number>();
    while (running) {
      const v = (await s.get("c/0"))!;
      reads++;
      const expectedLen = v[0] === 0 ? size : size + v[0]!;
      if (v.length !== expectedLen || v.some((b) => b !== v[0])) torn++;
      seen.add(v[0]!);
    }
    expect(await exited, stderr).toBe(0);
    expect(reads).toBeGreaterThan(1);
    expect(seen.size).toBeGreaterThan(1);
    expect(torn).toBe(0);
    expect((await s.get("c/0"))!.length).toBe(size + 150);
  });

  it("zarr-python readers see whole values while we rewrite a key", async () => {
    const root = fresh();
    const s = new DirectoryStore(root, { fsync: false });
    const size = 256 * 1024;
    await s.set("c/0", filled(size, 0));
    const script = `import zarr, sys, time
s = zarr.DirectoryStore(${JSON.stringify(root)})
torn = reads = 0
seen = set()
t0 = time.time()
while time.time() - t0 < 1.0:
    v = s["c/0"]
    reads += 1
    n = ${size} + (v[0] if v[0] else 0)
    if len(v) != n or v.count(v[0]) != len(v):
        torn += 1
    seen.add(v[0])
print(torn, reads, len(seen))`;
    const child = spawn(PYTHON, ["-c", script], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let stderr = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number>((res) => child.on("exit", (code) => res(code ?? -1)));
    let running = true;
    void exited.then(() => (running = false));
    let i = 0;
    while (running) {
      i = (i % 255) + 1;
      await s.set("c/0", filled(size + i, i));
    }
    expect(await exited, stderr).toBe(0);
    const [torn, reads, distinct] = out.trim().split(" ").map(Number);
    expect(reads).toBeGreaterThan(1);
    expect(distinct).toBeGreaterThan(1);
    expect(torn).toBe(0);
  });
});

describe("raw-key interop with zarr-python", () => {
  const keys = [
    ".zgroup",
    "g/.zattrs",
    "g/a/.zarray",
    "g/a/0.0",
    "g/a/1.0",
    "n/.zarray",
    "n/0/0",
    "n/1/0/2",
  ];
  const value = (k: string) => new TextEncoder().encode(`value of ${k}`.repeat(k.length));

  it("zarr-python's DirectoryStore and NestedDirectoryStore read what we write", async () => {
    for (const cls of ["DirectoryStore", "NestedDirectoryStore"]) {
      const root = fresh();
      const s =
        cls === "DirectoryStore" ? new DirectoryStore(root) : new NestedDirectoryStore(root);
      for (const k of keys) await s.set(k, value(k));
      const py = runPythonJson<{ keys: string[]; values: Record<string, string>; sep: string }>(
        `import zarr, json
s = zarr.${cls}(${JSON.stringify(root)})
print(json.dumps({"keys": sorted(s.keys()), "values": {k: s[k].decode() for k in s.keys()}, "sep": str(s._dimension_separator)}))`,
      );
      expect(py.keys).toEqual(keys.slice().sort());
      for (const k of keys) expect(py.values[k]).toBe(new TextDecoder().decode(value(k)));
      expect(py.sep).toBe(cls === "DirectoryStore" ? "None" : "/");
    }
  });

  it("we read what zarr-python's stores write, with the same keys and bytes", async () => {
    for (const cls of ["DirectoryStore", "NestedDirectoryStore"]) {
      const root = fresh();
      runPython(`import zarr
s = zarr.${cls}(${JSON.stringify(root)})
for k in ${JSON.stringify(keys)}:
    s[k] = (("value of " + k) * len(k)).encode()
del s["g/a/1.0"]`);
      const s =
        cls === "DirectoryStore" ? new DirectoryStore(root) : new NestedDirectoryStore(root);
      const expected = keys.filter((k) => k !== "g/a/1.0").sort();
      expect(await listKeys(s)).toEqual(expected);
      for (const k of expected) expect(await s.get(k)).toEqual(value(k));
      expect(await s.has("g/a/1.0")).toBe(false);
    }
  });

  it("arrays created by zarr-python with either separator have the keys we expect", async () => {
    const root = fresh();
    runPython(`import zarr
g = zarr.group(store=zarr.DirectoryStore(${JSON.stringify(root)}, dimension_separator="/"))
g.zeros("x", shape=(4, 4), chunks=(2, 2), dtype="u1")[:] = 1
g2 = zarr.group(store=zarr.DirectoryStore(${JSON.stringify(`${root}-flat`)}))
g2.zeros("x", shape=(4, 4), chunks=(2, 2), dtype="u1")[:] = 1`);
    const nested = new DirectoryStore(root, { dimensionSeparator: "/" });
    expect(await listKeys(nested, "x/")).toEqual(["x/.zarray", "x/0/0", "x/0/1", "x/1/0", "x/1/1"]);
    const meta = JSON.parse(new TextDecoder().decode((await nested.get("x/.zarray"))!));
    expect(meta.dimension_separator).toBe("/");
    const flat = new DirectoryStore(`${root}-flat`);
    expect(await listKeys(flat, "x/")).toEqual(["x/.zarray", "x/0.0", "x/0.1", "x/1.0", "x/1.1"]);
    rmSync(`${root}-flat`, { recursive: true });
  });
});
