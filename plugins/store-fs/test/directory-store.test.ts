import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PY_HELPERS, runPythonJson } from "@zarrkit/test-utils";
import { listKeys, ReadOnlyError, StoreKeyError, storeListDir } from "@zarrkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { DirectoryStore, openDirectoryStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-fs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(tmp, `s${n++}`);
const bytes = (...xs: number[]) => new Uint8Array(xs);

describe("DirectoryStore", () => {
  it("stores one file per key, lists and deletes", async () => {
    const root = fresh();
    const s = new DirectoryStore(root);
    await s.set(".zgroup", bytes(1));
    await s.set("foo/bar/.zarray", bytes(2));
    await s.set("foo/bar/0.0", bytes(3, 4, 5));
    await s.set("foo/baz/0/1", bytes(6));
    expect(readFileSync(join(root, "foo", "bar", "0.0"))).toEqual(Buffer.from([3, 4, 5]));
    expect(await s.get("foo/bar/0.0")).toEqual(bytes(3, 4, 5));
    expect(await s.get("foo/nope")).toBeUndefined();
    expect(await s.get("foo")).toBeUndefined();
    expect(await s.has("foo/bar/0.0")).toBe(true);
    expect(await s.has("foo/bar")).toBe(false);
    expect(await s.getRange("foo/bar/0.0", { offset: 1, length: 1 })).toEqual(bytes(4));
    expect(await s.getRange("foo/bar/0.0", { offset: 1 })).toEqual(bytes(4, 5));
    expect(await listKeys(s)).toEqual([".zgroup", "foo/bar/.zarray", "foo/bar/0.0", "foo/baz/0/1"]);
    expect(await listKeys(s, "foo/b")).toEqual(["foo/bar/.zarray", "foo/bar/0.0", "foo/baz/0/1"]);
    expect(await listKeys(s, "foo/bar/")).toEqual(["foo/bar/.zarray", "foo/bar/0.0"]);
    expect(await storeListDir(s, "foo/")).toEqual({ keys: [], prefixes: ["bar", "baz"] });
    expect(await s.delete("foo/bar/0.0")).toBe(true);
    expect(await s.delete("foo/bar/0.0")).toBe(false);
    await s.deletePrefix("foo/baz/");
    expect(existsSync(join(root, "foo", "baz"))).toBe(false);
    await s.deletePrefix("");
    expect(readdirSync(root)).toEqual([]);
    expect(String(s)).toBe("DirectoryStore");
  });

  it("never touches anything outside its root", async () => {
    const outer = fresh();
    const root = join(outer, "store");
    mkdirSync(root, { recursive: true });
    writeFileSync(join(outer, "secret"), "keep");
    const s = new DirectoryStore(root);
    const attempts = [
      "../secret",
      "a/../../secret",
      "/etc/passwd",
      "..",
      "a/./b",
      "a\\..\\secret",
      "C:evil",
      "a\0b",
      "a//b",
      "",
    ];
    for (const key of attempts) {
      await expect(s.get(key), key).rejects.toBeInstanceOf(StoreKeyError);
      await expect(s.set(key, bytes(1)), key).rejects.toBeInstanceOf(StoreKeyError);
      await expect(s.delete(key), key).rejects.toBeInstanceOf(StoreKeyError);
    }
    await expect(s.get("../secret")).rejects.toThrow('invalid store key "../secret": ".." segment');
    await expect(s.deletePrefix("../")).rejects.toBeInstanceOf(StoreKeyError);
    await expect(s.list("../")).rejects.toBeInstanceOf(StoreKeyError);
    expect(readFileSync(join(outer, "secret"), "utf8")).toBe("keep");
    expect(readdirSync(outer).sort()).toEqual(["secret", "store"]);
    expect(readdirSync(root)).toEqual([]);
  });

  it("keeps the old value when a write fails, and leaves no temporary file", async () => {
    const root = fresh();
    const s = new DirectoryStore(root);
    await s.set("a/0.0", bytes(1, 2, 3));
    await expect(s.set("a/0.0", [9, 9] as unknown as Uint8Array)).rejects.toThrow();
    expect(await s.get("a/0.0")).toEqual(bytes(1, 2, 3));
    expect(readdirSync(join(root, "a"))).toEqual(["0.0"]);
  });

  it("readers see whole old or whole new values while writers write", async () => {
    const s = new DirectoryStore(fresh());
    const size = 1 << 20;
    await s.set("c/0", new Uint8Array(size).fill(0));
    let torn = 0;
    let reads = 0;
    const writers = (async () => {
      for (let v = 1; v <= 20; v++) await s.set("c/0", new Uint8Array(size).fill(v));
    })();
    let done = false;
    void writers.then(() => (done = true));
    while (!done) {
      const got = (await s.get("c/0"))!;
      reads++;
      if (got.length !== size || got.some((b) => b !== got[0])) torn++;
    }
    await writers;
    expect(reads).toBeGreaterThan(0);
    expect(torn).toBe(0);
    expect((await s.get("c/0"))![size - 1]).toBe(20);
  });

  it("refuses writes when read-only, naming the key", async () => {
    const root = fresh();
    await new DirectoryStore(root).set("x", bytes(1));
    const ro = openDirectoryStore(root, { mode: "r" });
    expect(ro.readOnly).toBe(true);
    await expect(ro.set("x", bytes(2))).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(ro.delete("x")).rejects.toThrow('cannot write "x"');
    expect(await ro.get("x")).toEqual(bytes(1));
  });

  it("lists the same keys zarr-python writes, flat and nested", async () => {
    const flat = fresh();
    const nested = fresh();
    const py = runPythonJson<{ flat: string[]; nested: string[] }>(`${PY_HELPERS}
import os
def keys(root):
    out = []
    for d, _, files in os.walk(root):
        for f in files:
            out.append(os.path.relpath(os.path.join(d, f), root).replace(os.sep, "/"))
    return sorted(out)
g = zarr.group(store=zarr.DirectoryStore(${JSON.stringify(flat)}))
g.zeros("a/b", shape=(4, 4), chunks=(2, 2), dtype="i4")[:] = 1
g2 = zarr.group(store=zarr.NestedDirectoryStore(${JSON.stringify(nested)}))
g2.zeros("a/b", shape=(4, 4), chunks=(2, 2), dtype="i4")[:] = 1
print(json.dumps({"flat": keys(${JSON.stringify(flat)}), "nested": keys(${JSON.stringify(nested)})}))`);
    expect(await listKeys(new DirectoryStore(flat))).toEqual(py.flat);
    expect(await listKeys(new DirectoryStore(nested, { dimensionSeparator: "/" }))).toEqual(
      py.nested,
    );
    expect(py.nested).toContain("a/b/1/1");
  });
});
