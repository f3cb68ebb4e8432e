import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zlib from "node:zlib";
import {
  ContainsNodeError,
  listKeys,
  NodeNotFoundError,
  ReadOnlyError,
  StoreKeyError,
  ZarrError,
} from "@zarrkit/core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { crc32Table } from "../src/crc32.js";
import { crc32 } from "../src/crc32-native.js";
import { decodeName, encodeName } from "../src/zip-format.js";
import { zipWriteFaults } from "../src/zip-store.js";
import { openZipStore, ZipStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-zip-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  zipWriteFaults.hook = undefined;
});
let n = 0;
const fresh = () => join(tmp, `z${n++}.zip`);
const filled = (size: number, v: number) => new Uint8Array(size).fill(v);
const text = (s: string) => new TextEncoder().encode(s);

/** Collect process warnings emitted while `fn` runs. */
async function warningsDuring(fn: () => Promise<void>): Promise<Error[]> {
  const seen: Error[] = [];
  const onWarning = (w: Error) => seen.push(w);
  process.on("warning", onWarning);
  try {
    await fn();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off("warning", onWarning);
  }
  return seen;
}

describe("CRC-32", () => {
  it("matches the standard check value and zlib on every length and offset", () => {
    expect(crc32Table(text("123456789"))).toBe(0xcbf43926);
    expect(crc32Table(new Uint8Array(0))).toBe(0);
    const data = new Uint8Array(4099);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    const native = (zlib as unknown as { crc32: (d: Uint8Array, v?: number) => number }).crc32;
    for (let len = 0; len < 40; len++)
      for (const off of [0, 1, 3, 7])
        expect(crc32Table(data.subarray(off, off + len))).toBe(
          native(data.subarray(off, off + len)),
        );
    expect(crc32Table(data)).toBe(native(data));
    // continuing a running CRC
    expect(crc32Table(data.subarray(1000), crc32Table(data.subarray(0, 1000)))).toBe(native(data));
    expect(crc32(data)).toBe(crc32Table(data));
  });

  it("decodes names as UTF-8 when flagged, code page 437 otherwise", () => {
    expect(decodeName(new Uint8Array([0x63, 0x61, 0x66, 0x82]), 0)).toBe("café");
    expect(decodeName(text("café"), 0x800)).toBe("café");
    expect(encodeName("a/0.0")).toEqual({ bytes: text("a/0.0"), flags: 0 });
    expect(encodeName("é").flags).toBe(0x800);
  });
});

describe("ZipStore", () => {
  it("writes, reads back, lists and reports itself", async () => {
    const path = fresh();
    const s = new ZipStore(path, { mode: "w" });
    expect(String(s)).toBe("ZipStore");
    expect(s.readOnly).toBe(false);
    await s.set(".zgroup", text('{"zarr_format": 2}'));
    await s.set("a/.zarray", text("{}"));
    await s.set("a/0.0", filled(100, 1));
    await s.set("a/b/0.0", filled(5, 2));
    // readable before close
    expect(await s.get("a/0.0")).toEqual(filled(100, 1));
    expect(await s.has("a/b/0.0")).toBe(true);
    expect(await s.has("a/b")).toBe(false);
    expect(await s.get("nope")).toBeUndefined();
    expect(await listKeys(s)).toEqual([".zgroup", "a/.zarray", "a/0.0", "a/b/0.0"]);
    expect(await listKeys(s, "a/")).toEqual(["a/.zarray", "a/0.0", "a/b/0.0"]);
    expect(await s.listDir("")).toEqual({ keys: [".zgroup"], prefixes: ["a"] });
    expect(await s.listDir("a/")).toEqual({ keys: [".zarray", "0.0"], prefixes: ["b"] });
    await s.close();
    await s.close();
    expect(s.closed).toBe(true);
    await expect(s.get("a/0.0")).rejects.toThrow("is closed");
    await expect(s.set("x", filled(1, 1))).rejects.toThrow("is closed");

    const r = new ZipStore(path, { mode: "r" });
    expect(r.readOnly).toBe(true);
    expect(await listKeys(r)).toEqual([".zgroup", "a/.zarray", "a/0.0", "a/b/0.0"]);
    expect(await r.get("a/0.0")).toEqual(filled(100, 1));
    const v = Uint8Array.from({ length: 256 }, (_, i) => i);
    await r.close();
    const w = new ZipStore(path, { mode: "a" });
    await w.set("range", v);
    await w.close();
    const r2 = new ZipStore(path, { mode: "r" });
    expect(await r2.getRange("range", { offset: 10, length: 4 })).toEqual(v.subarray(10, 14));
    expect(await r2.getRange("range", { offset: 250 })).toEqual(v.subarray(250));
    expect(await r2.getRange("range", { offset: 300, length: 4 })).toEqual(new Uint8Array(0));
    expect(await r2.getRange("nope", { offset: 0, length: 1 })).toBeUndefined();
    await expect(r2.getRange("range", { offset: -1 })).rejects.toThrow(StoreKeyError);
    expect(await r2.getRange("range", { suffixLength: 6 })).toEqual(v.subarray(v.length - 6));
    expect(await r2.getRange("range", { suffixLength: 5000 })).toEqual(v);
    expect(await r2.getRange("nope", { suffixLength: 1 })).toBeUndefined();
    expect(await r2.get(".zgroup")).toEqual(text('{"zarr_format": 2}'));
    await r2.close();
  });

  it("mode r refuses writes naming the key; w truncates; x refuses an existing file", async () => {
    const path = fresh();
    const s = new ZipStore(path, { mode: "w" });
    await s.set("k", filled(3, 3));
    await s.close();
    const r = new ZipStore(path, { mode: "r" });
    await expect(r.set("k2", filled(1, 1))).rejects.toThrow(ReadOnlyError);
    await expect(r.set("k2", filled(1, 1))).rejects.toThrow('cannot write "k2"');
    await expect(r.delete("k")).rejects.toThrow(ReadOnlyError);
    await expect(r.deletePrefix("")).rejects.toThrow(ReadOnlyError);
    await r.flush();
    await r.close();
    expect(readFileSync(path).length).toBe(statSync(path).size);

    expect(() => new ZipStore(path, { mode: "x" })).toThrow(ContainsNodeError);
    const t = new ZipStore(path, { mode: "w" });
    expect(await listKeys(t)).toEqual([]);
    await t.close();
    expect(await listKeys(new ZipStore(path, { mode: "r" }))).toEqual([]);
    expect(statSync(path).size).toBe(22);

    expect(() => new ZipStore(join(tmp, "missing.zip"), { mode: "r" })).toThrow(NodeNotFoundError);
    expect(() => new ZipStore(path, { mode: "q" as "r" })).toThrow(
      'mode must be "r", "w", "a" or "x"',
    );
    writeFileSync(join(tmp, "not.zip"), "this is not a zip archive at all, just some text");
    expect(() => new ZipStore(join(tmp, "not.zip"), { mode: "r" })).toThrow(
      /not\.zip is not a readable zip archive: no end of central directory/,
    );
    expect(() => new ZipStore(join(tmp, "not.zip"), { mode: "a" })).toThrow(ZarrError);
    // the failed append left the file as it was
    expect(readFileSync(join(tmp, "not.zip"), "utf8")).toMatch(/^this is not a zip/);
  });

  it("mode a creates a missing file and appends to an existing one", async () => {
    const path = fresh();
    const a = new ZipStore(path); // "a" is the default, as in zarr-python
    expect(a.mode).toBe("a");
    await a.set("one", filled(10, 1));
    await a.close();
    const b = new ZipStore(path, { mode: "a" });
    expect(await b.get("one")).toEqual(filled(10, 1));
    await b.set("two", filled(20, 2));
    await b.close();
    const sizeAfter = statSync(path).size;
    // opening in append mode and closing without writing leaves the file untouched
    await new ZipStore(path, { mode: "a" }).close();
    expect(statSync(path).size).toBe(sizeAfter);
    const r = new ZipStore(path, { mode: "r" });
    expect(await listKeys(r)).toEqual(["one", "two"]);
    expect(await r.get("two")).toEqual(filled(20, 2));
    await r.close();
  });

  it("writing a key again: the newest value wins, one warning per store", async () => {
    const path = fresh();
    const s = new ZipStore(path, { mode: "w" });
    const warnings = await warningsDuring(async () => {
      await s.set("a/.zattrs", text('{"x": 1}'));
      await s.set("a/.zattrs", text('{"x": 2}'));
      await s.set("a/.zattrs", text('{"x": 3}'));
    });
    const ours = warnings.filter((w) => (w as { code?: string }).code === "ZARRKIT_ZIP_DUPLICATE");
    expect(ours).toHaveLength(1);
    expect(ours[0]!.message).toContain('"a/.zattrs" was written again');
    expect(await s.get("a/.zattrs")).toEqual(text('{"x": 3}'));
    expect(await listKeys(s)).toEqual(["a/.zattrs"]);
    await s.close();
    const r = new ZipStore(path, { mode: "r" });
    expect(await listKeys(r)).toEqual(["a/.zattrs"]);
    expect(await r.get("a/.zattrs")).toEqual(text('{"x": 3}'));
    await r.close();
  });

  it("delete and deletePrefix drop members from the directory", async () => {
    const path = fresh();
    const s = new ZipStore(path, { mode: "w" });
    for (const k of ["g/.zgroup", "g/a/0", "g/a/1", "g/ab", "h"]) await s.set(k, filled(2, 1));
    expect(await s.delete("g/a/0")).toBe(true);
    expect(await s.delete("g/a/0")).toBe(false);
    await s.deletePrefix("g/a/");
    expect(await listKeys(s)).toEqual(["g/.zgroup", "g/ab", "h"]);
    await s.close();
    const a = new ZipStore(path, { mode: "a" });
    await a.deletePrefix("g/");
    await a.close();
    expect(await listKeys(new ZipStore(path, { mode: "r" }))).toEqual(["h"]);
  });

  it("refuses keys that could escape an extraction folder, writing nothing", async () => {
    const path = fresh();
    const s = new ZipStore(path, { mode: "w" });
    for (const key of ["../evil", "a/../../evil", "/abs", "a\\b", "C:x", "a//b", "a/", "", "x\0"])
      await expect(s.set(key, filled(1, 1)), key).rejects.toThrow(StoreKeyError);
    await s.set("ok", filled(1, 1));
    await s.close();
    expect(await listKeys(new ZipStore(path, { mode: "r" }))).toEqual(["ok"]);
  });

  it("a write that fails halfway leaves the old value and a valid archive", async () => {
    const clean = fresh();
    const faulty = fresh();
    const c = new ZipStore(clean, { mode: "w" });
    const f = new ZipStore(faulty, { mode: "w" });
    for (const s of [c, f]) {
      await s.set("a/0", filled(1000, 1));
      await s.set("b/0", filled(10, 2));
    }
    zipWriteFaults.hook = (key) => {
      if (key === "a/0") throw new Error("disk full (simulated)");
    };
    await expect(f.set("a/0", filled(5000, 9))).rejects.toThrow("disk full (simulated)");
    zipWriteFaults.hook = undefined;
    expect(await f.get("a/0")).toEqual(filled(1000, 1));
    for (const s of [c, f]) {
      await s.set("c/0", filled(7, 3));
      await s.close();
    }
    // the partial member was overwritten: byte for byte the archive of the clean run but for timestamps
    expect(statSync(faulty).size).toBe(statSync(clean).size);
    const r = new ZipStore(faulty, { mode: "r" });
    expect(await listKeys(r)).toEqual(["a/0", "b/0", "c/0"]);
    expect(await r.get("a/0")).toEqual(filled(1000, 1));
    expect(await r.get("c/0")).toEqual(filled(7, 3));
    await r.close();
  });

  it("readers see whole values while writers replace them; close waits for writes", async () => {
    const path = fresh();
    const s = new ZipStore(path, { mode: "w" });
    const size = 64 * 1024;
    await s.set("c/0", filled(size, 0));
    const writes: Promise<void>[] = [];
    const reads: Promise<Uint8Array | undefined>[] = [];
    for (let v = 1; v <= 40; v++) {
      writes.push(s.set("c/0", filled(size + v, v)));
      writes.push(s.set(`k/${v}`, filled(v, v)));
      reads.push(s.get("c/0"), s.get("c/0"));
    }
    const got = await Promise.all(reads);
    for (const g of got) {
      expect(g!.length).toBe(g![0] === 0 ? size : size + g![0]!);
      expect(g!.every((b) => b === g![0])).toBe(true);
    }
    const closing = s.close(); // the writes are still queued
    await Promise.all(writes);
    await closing;
    const r = new ZipStore(path, { mode: "r" });
    expect(await r.get("c/0")).toEqual(filled(size + 40, 40));
    expect((await listKeys(r, "k/")).length).toBe(40);
    await r.close();
  });

  it("flush writes a complete archive and keeps the store open", async () => {
    const path = fresh();
    const s = new ZipStore(path, { mode: "w" });
    await s.set("a", filled(3, 1));
    await s.flush();
    const mid = new ZipStore(path, { mode: "r" });
    expect(await listKeys(mid)).toEqual(["a"]);
    await mid.close();
    await s.set("b", filled(3, 2));
    await s.close();
    const r = new ZipStore(path, { mode: "r" });
    expect(await listKeys(r)).toEqual(["a", "b"]);
    expect(await r.get("b")).toEqual(filled(3, 2));
    await r.close();
  });

  it("openZipStore maps zarr's open modes", async () => {
    const path = fresh();
    await expect(async () => openZipStore(path, { mode: "r+" })).rejects.toThrow(NodeNotFoundError);
    const w = openZipStore(path, { mode: "w" });
    expect(w.mode).toBe("w");
    await w.set("k", filled(1, 1));
    await w.close();
    for (const [mode, zipMode] of [
      ["r", "r"],
      ["r+", "a"],
      ["a", "a"],
      ["w-", "a"],
    ] as const) {
      const s = openZipStore(`file://${path}`, { mode });
      expect(s.mode, mode).toBe(zipMode);
      expect(await s.get("k")).toEqual(filled(1, 1));
      await s.close();
    }
    expect(() => openZipStore(path, { mode: "x" })).toThrow("unknown open mode");
    const sep = openZipStore(path, { mode: "r", dimensionSeparator: "/" });
    expect(sep.dimensionSeparator).toBe("/");
    await sep.close();
  });
});
