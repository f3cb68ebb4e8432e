import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ReadOnlyError, StoreKeyError, ZarrError, zeros } from "@zarrkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { LMDBStore, MAX_KEY_BYTES, openLMDBStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-lmdb-store-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(tmp, `e${n++}.mdb`);
const text = (s: string) => new TextEncoder().encode(s);

async function failure(call: () => unknown): Promise<Error> {
  try {
    await call();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure, but the call succeeded");
}

describe("LMDBStore", () => {
  it("keeps keys up to LMDB's 511-byte limit and refuses longer ones, naming the rule", async () => {
    const store = new LMDBStore(fresh());
    try {
      const longest = `k/${"é".repeat((MAX_KEY_BYTES - 3) / 2)}x`; // 511 bytes of UTF-8
      expect(Buffer.byteLength(longest)).toBe(MAX_KEY_BYTES);
      await store.set(longest, text("fits"));
      expect(await store.get(longest)).toEqual(text("fits"));
      const tooLong = `${longest}y`;
      for (const call of [() => store.set(tooLong, text("x")), () => store.get(tooLong)]) {
        const err = await failure(call);
        expect(err).toBeInstanceOf(StoreKeyError);
        expect(err.message).toContain("512 bytes");
        expect(err.message).toContain("511-byte limit");
      }
      expect(await store.list()).toEqual([longest]);
    } finally {
      await store.close();
    }
  });

  it("returns each value in a Uint8Array of its own, untouched by later reads", async () => {
    const store = new LMDBStore(fresh());
    try {
      await store.set("a", new Uint8Array(70000).fill(1));
      await store.set("b", new Uint8Array(90000).fill(2));
      const a = await store.get("a");
      const aRange = await store.getRange("a", { offset: 10, length: 5 });
      const b = await store.get("b");
      await store.getRange("b", { suffixLength: 100 });
      for (const v of [a, aRange, b]) expect(Object.getPrototypeOf(v)).toBe(Uint8Array.prototype);
      expect(a!.byteLength).toBe(70000);
      expect(a!.every((x) => x === 1)).toBe(true);
      expect(Array.from(aRange!)).toEqual([1, 1, 1, 1, 1]);
      expect(b!.byteLength).toBe(90000);
      expect(b!.every((x) => x === 2)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("opens one environment twice in a process: each sees the other, and outlives its close", async () => {
    const path = fresh();
    const reader = new LMDBStore(path, { readOnly: false });
    const a = new LMDBStore(path);
    await a.set("x", text("1"));
    expect(await reader.get("x")).toEqual(text("1"));
    await reader.close();
    await a.set("y", text("2"));
    const b = new LMDBStore(path, { readOnly: true });
    expect(await b.list()).toEqual(["x", "y"]);
    await a.close();
    expect(await b.get("y")).toEqual(text("2"));
    await b.close();
  });

  it("refuses to open a missing environment read-only, creating nothing", async () => {
    const path = fresh();
    const err = await failure(() => new LMDBStore(path, { readOnly: true }));
    expect(err).toBeInstanceOf(ZarrError);
    expect(err.message).toContain(path);
    expect(err.message).toContain("data.mdb");
    expect(existsSync(path)).toBe(false);
  });

  it("refuses a file where the environment's folder should be", async () => {
    const path = fresh();
    writeFileSync(path, "not a folder");
    const err = await failure(() => new LMDBStore(path));
    expect(err).toBeInstanceOf(ZarrError);
    expect(err.message).toMatch(/is a file/);
    expect(err.message).toContain("subdir");
  });

  it("refuses bad options, naming the option and the value", async () => {
    for (const [options, words] of [
      [{ dimensionSeparator: "-" as "." }, ["dimensionSeparator", '"-"']],
      [{ mapSize: -1 }, ["mapSize", "-1"]],
      [{ mapSize: 1.5 }, ["mapSize", "1.5"]],
    ] as const) {
      const err = await failure(() => new LMDBStore(fresh(), options));
      expect(err).toBeInstanceOf(ZarrError);
      for (const w of words) expect(err.message).toContain(w);
    }
    const store = new LMDBStore(fresh());
    const err = await failure(() => store.set("k", "text" as unknown as Uint8Array));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toContain('"k"');
    await store.close();
  });

  it("fails a write that overflows the map with a ZarrError, keeping the old data", async () => {
    const store = new LMDBStore(fresh(), { mapSize: 1 << 20 });
    try {
      await store.set("small", text("kept"));
      await store.set("big", text("old value"));
      const err = await failure(() => store.set("big", new Uint8Array(4 << 20)));
      expect(err).toBeInstanceOf(ZarrError);
      expect(err.message).toContain('"big"');
      expect(err.message).toContain("MDB_MAP_FULL");
      expect(err.message).toContain("mapSize");
      expect(await store.get("big")).toEqual(text("old value"));
      expect(await store.get("small")).toEqual(text("kept"));
      // the store goes on working
      await store.set("after", text("ok"));
      expect(await store.list()).toEqual(["after", "big", "small"]);
    } finally {
      await store.close();
    }
  });

  it("fails every call after close with an error naming the store; closing twice is fine", async () => {
    const path = fresh();
    const store = new LMDBStore(path);
    await store.set("k", text("v"));
    await store.close();
    await store.close();
    for (const call of [
      () => store.get("k"),
      () => store.set("k", text("w")),
      () => store.list(),
    ]) {
      const err = await failure(call);
      expect(err).toBeInstanceOf(ZarrError);
      expect(err.message).toContain(`LMDBStore at ${path} is closed`);
    }
    const again = new LMDBStore(path, { readOnly: true });
    expect(await again.get("k")).toEqual(text("v"));
    await again.close();
  });

  it("keeps what was written with sync: false once flushed or closed", async () => {
    const path = fresh();
    const store = new LMDBStore(path, { sync: false });
    expect(store.sync).toBe(false);
    await store.set("a", text("1"));
    await store.flush();
    await store.set("b", text("2"));
    await store.close();
    const again = new LMDBStore(path, { readOnly: true });
    expect(await again.list()).toEqual(["a", "b"]);
    expect(await again.get("b")).toEqual(text("2"));
    await again.close();
  });

  it("skips a folder's keys with one seek when listing its parent", async () => {
    const store = new LMDBStore(fresh());
    try {
      // "a/b" sorts after "a.x" and "a-y" but "a" comes out once, as a folder
      for (const k of ["a-y", "a.x", "a/0", "a/1", "a/b/c", "a0", "b/.zarray", "z"])
        await store.set(k, text(k));
      expect(await store.listDir("")).toEqual({
        keys: ["a-y", "a.x", "a0", "z"],
        prefixes: ["a", "b"],
      });
      expect(await store.listDir("a/")).toEqual({ keys: ["0", "1"], prefixes: ["b"] });
      const err = await failure(() => store.listDir("a"));
      expect(err).toBeInstanceOf(StoreKeyError);
      expect(err.message).toContain('"a"');
    } finally {
      await store.close();
    }
  });

  it("gives arrays created in it its dimensionSeparator, as zarr-python's", async () => {
    const store = new LMDBStore(fresh(), { dimensionSeparator: "/" });
    try {
      expect(store.dimensionSeparator).toBe("/");
      const z = await zeros([4, 4], { chunks: [2, 2], dtype: "<i4", store });
      await z.set(null, 1);
      expect(await store.list()).toEqual([".zarray", "0/0", "0/1", "1/0", "1/1"]);
    } finally {
      await store.close();
    }
  });

  it("opens for a location string: mode r is read-only, others write; file:// URLs too", async () => {
    const path = fresh();
    const w = openLMDBStore(pathToFileURL(path).href, { mode: "w" });
    expect(w.path).toBe(path);
    expect(w.readOnly).toBe(false);
    await w.set("k", text("v"));
    await w.close();
    const r = openLMDBStore(path, { mode: "r" });
    expect(r.readOnly).toBe(true);
    const err = await failure(() => r.set("k", text("w")));
    expect(err).toBeInstanceOf(ReadOnlyError);
    expect(err.message).toContain(path);
    expect(await r.get("k")).toEqual(text("v"));
    await r.close();
    const bad = await failure(() => openLMDBStore(path, { mode: "x" }));
    expect(bad).toBeInstanceOf(ZarrError);
    expect(bad.message).toContain('"x"');
  });
});
