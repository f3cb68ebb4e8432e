// ZipArchiveStore: a zip archive read from another store by range reads only. Every read the
// reader makes goes through a CountingStore, so the tests pin how many reads and bytes each
// operation costs, with the expected offsets taken from Python's zipfile, not from our code.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import {
  listKeys,
  NodeNotFoundError,
  openArray,
  ReadOnlyError,
  storeSet,
  ZarrError,
} from "@zarrkit/core";
import { runPython, runPythonJson } from "@zarrkit/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import { crc32 } from "../src/crc32-native.js";
import { hasDeflateRawStream } from "../src/inflate-bounded-web.js";
import {
  LOCAL_EXTRA_MARGIN,
  openZipInStore,
  READ_TOGETHER_GAP,
  TAIL_READ,
  type ZipArchiveOptions,
} from "../src/zip-archive-store.js";
import {
  centralDirectory,
  endRecords,
  LOCAL_HEADER_SIZE,
  localHeader,
  storedEntry,
  type ZipEntry,
} from "../src/zip-format.js";
import { ZipStore } from "../src/index.js";
import { CountingStore } from "./counting-store.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-zip-archive-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(tmp, `z${n++}.zip`);
const text = (s: string) => new TextEncoder().encode(s);

/** What Python's zipfile says of an archive: where the directory starts, and each member. */
interface PyInfo {
  size: number;
  start_dir: number;
  members: { name: string; offset: number; csize: number; size: number; hex: string }[];
}
function pythonInfo(path: string): PyInfo {
  return runPythonJson<PyInfo>(`import zipfile, json, os
z = zipfile.ZipFile(${JSON.stringify(path)})
print(json.dumps({"size": os.path.getsize(${JSON.stringify(path)}), "start_dir": z.start_dir, "members": [
  {"name": i.filename, "offset": i.header_offset, "csize": i.compress_size, "size": i.file_size,
   "hex": z.read(i).hex()} for i in z.infolist()]}))`);
}

const hex = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString("hex");

/** The archive at `path` as the value "data.zip" of a counting store. */
function served(path: string): CountingStore {
  return new CountingStore({ "data.zip": new Uint8Array(readFileSync(path)) });
}

async function open(store: CountingStore, options?: ZipArchiveOptions) {
  return openZipInStore(store, "data.zip", options);
}

async function failure(p: Promise<unknown>): Promise<Error> {
  const got = await p.then(
    () => undefined,
    (e: Error) => e,
  );
  if (got === undefined) throw new Error("expected a failure");
  return got;
}

describe("a zarr-python ZipStore archive", () => {
  const path = fresh();
  runPython(`import zarr, numpy as np
s = zarr.ZipStore(${JSON.stringify(path)}, mode="w")
g = zarr.group(store=s)
a = g.zeros("sub/arr", shape=(10, 10), chunks=(5, 5), dtype="<i4", compressor=None)
a[:] = np.arange(100, dtype="<i4").reshape(10, 10) * 3 - 7
a.attrs["units"] = "m"
s.close()`);
  const py = pythonInfo(path);

  it("opens with one suffix read of the whole (small) file, and reads a chunk in one range read", async () => {
    const store = served(path);
    const zs = await open(store);
    expect(store.reads).toEqual([
      { key: "data.zip", range: { suffixLength: TAIL_READ }, bytes: py.size },
    ]);
    store.reset();
    const m = py.members.find((x) => x.name === "sub/arr/1.0")!;
    const value = await zs.get("sub/arr/1.0");
    expect(hex(value)).toBe(m.hex);
    const want = LOCAL_HEADER_SIZE + m.name.length + LOCAL_EXTRA_MARGIN + m.csize;
    expect(store.reads).toEqual([
      {
        key: "data.zip",
        range: { offset: m.offset, length: Math.min(want, py.start_dir - m.offset) },
        bytes: Math.min(want, py.start_dir - m.offset),
      },
    ]);
    // the header is known now: a range of the same member reads just that range
    store.reset();
    expect(hex(await zs.getRange("sub/arr/1.0", { offset: 8, length: 12 }))).toBe(
      m.hex.slice(16, 40),
    );
    expect(store.reads).toEqual([
      {
        key: "data.zip",
        range: { offset: m.offset + LOCAL_HEADER_SIZE + m.name.length + 8, length: 12 },
        bytes: 12,
      },
    ]);
  });

  it("lists what Python lists, and core reads the array's values", async () => {
    const store = served(path);
    const zs = await open(store);
    expect(await zs.list()).toEqual(py.members.map((m) => m.name).sort());
    expect(await zs.listDir("sub/")).toEqual({ keys: [".zgroup"], prefixes: ["arr"] });
    expect(await zs.listDir("sub/arr/")).toEqual({
      keys: [".zarray", ".zattrs", "0.0", "0.1", "1.0", "1.1"],
      prefixes: [],
    });
    expect(await zs.has("sub/arr/.zarray")).toBe(true);
    expect(await zs.has("sub/arr/2.0")).toBe(false);
    expect(await zs.get("sub/arr/2.0")).toBeUndefined();
    const a = await openArray(zs, { path: "sub/arr", mode: "r" });
    const all = await a.get();
    expect(Array.from(all.data as Int32Array)).toEqual(
      Array.from({ length: 100 }, (_, i) => i * 3 - 7),
    );
    expect(await a.attrs.get("units")).toBe("m");
  });

  it("refuses writes with ReadOnlyError naming the archive", async () => {
    const zs = await open(served(path));
    expect(zs.readOnly).toBe(true);
    const err = await failure(zs.set("x", new Uint8Array(1)));
    expect(err).toBeInstanceOf(ReadOnlyError);
    expect(err.message).toBe(
      'cannot write "x": ZipArchiveStore over zip archive "data.zip" in CountingStore is read-only (it reads by range reads only)',
    );
    expect(await failure(zs.delete("sub/arr/0.0"))).toBeInstanceOf(ReadOnlyError);
    expect(await failure(storeSet(zs, "y", new Uint8Array(1)))).toBeInstanceOf(ReadOnlyError);
    await zs.close();
    expect((await failure(zs.get("sub/arr/0.0"))).message).toMatch(/is closed/);
  });
});

describe("deflated members (Python's zipfile, ZIP_DEFLATED)", () => {
  const path = fresh();
  runPython(`import zipfile
z = zipfile.ZipFile(${JSON.stringify(path)}, "w", zipfile.ZIP_DEFLATED)
z.writestr("a/0", bytes(range(256)) * 400)
z.writestr("a/1", b"")
z.writestr("b", "grüße".encode() * 1000)
z.writestr("dir/", b"")
z.close()`);
  const py = pythonInfo(path);

  for (const engine of ["stream", "pako"] as const) {
    it(`inflate exactly what Python reads (${engine})`, async () => {
      const store = served(path);
      const zs = await open(store, { inflateEngine: engine });
      for (const m of py.members.filter((x) => !x.name.endsWith("/"))) {
        store.reset();
        expect(hex(await zs.get(m.name)), m.name).toBe(m.hex);
        expect(store.reads.length, m.name).toBe(m.csize === 0 ? 0 : 1);
      }
      expect(hex(await zs.getRange("b", { suffixLength: 5 }))).toBe(hex(text("grüße").slice(-5)));
      // a folder member is not a key
      expect(await zs.list()).toEqual(["a/0", "a/1", "b"]);
    });
  }

  it("this Node has DecompressionStream('deflate-raw'), which the reader prefers", () => {
    expect(hasDeflateRawStream()).toBe(true);
  });
});

describe("archives zarrkit's ZipStore wrote", () => {
  for (const forceZip64 of [false, true]) {
    it(`read the same values${forceZip64 ? " (zip64 records and fields everywhere)" : ""}`, async () => {
      const path = fresh();
      const zw = new ZipStore(path, { mode: "w", forceZip64 });
      const values: [string, Uint8Array][] = [
        [".zgroup", text('{"zarr_format": 2}')],
        ["x/0", Uint8Array.from({ length: 3000 }, (_, i) => (i * 13) & 255)],
        ["x/1", new Uint8Array(0)],
        ["grüße/0/0", text("non-ASCII name")],
        ["x/0", text("rewritten: the newest member wins")],
      ];
      for (const [k, v] of values) await zw.set(k, v);
      await zw.close();
      const py = pythonInfo(path);
      const store = served(path);
      const zs = await open(store);
      expect(store.reads.length).toBe(1);
      expect(await zs.list()).toEqual([".zgroup", "grüße/0/0", "x/0", "x/1"]);
      expect(new TextDecoder().decode(await zs.get("x/0"))).toBe(
        "rewritten: the newest member wins",
      );
      expect(hex(await zs.get("grüße/0/0"))).toBe(
        py.members.find((m) => m.name === "grüße/0/0")!.hex,
      );
      expect(await zs.get("x/1")).toEqual(new Uint8Array(0));
      // the zip64 local field (20 bytes) fits the margin: every member is one read
      store.reset();
      await zs.get(".zgroup");
      expect(store.reads.length).toBe(1);
    });
  }
});

describe("zip64 from Python: 70000 members, a directory larger than the first read", () => {
  const path = fresh();
  runPython(`import zipfile
z = zipfile.ZipFile(${JSON.stringify(path)}, "w")
for i in range(70000):
    z.writestr(f"c/{i}", i.to_bytes(4, "little"))
with z.open("forced", "w", force_zip64=True) as f:
    f.write(b"local zip64 field")
z.writestr("after", b"so the read of 'forced' is not cut at the directory")
z.close()`);
  const info = runPythonJson<{
    size: number;
    start_dir: number;
    forced: number;
  }>(`import zipfile, json, os
z = zipfile.ZipFile(${JSON.stringify(path)})
print(json.dumps({"size": os.path.getsize(${JSON.stringify(path)}), "start_dir": z.start_dir,
  "forced": z.getinfo("forced").header_offset}))`);

  it("opens with two reads: the tail, then exactly the directory bytes the tail lacked", async () => {
    const store = served(path);
    const zs = await open(store);
    // Python writes the zip64 end record (56 bytes) and locator (20) before the classic one (22)
    const records = 56 + 20 + 22;
    const cdSize = info.size - records - info.start_dir;
    const inTail = TAIL_READ - records;
    expect(store.reads).toEqual([
      { key: "data.zip", range: { suffixLength: TAIL_READ }, bytes: TAIL_READ },
      {
        key: "data.zip",
        range: { offset: info.start_dir, length: cdSize - inTail },
        bytes: cdSize - inTail,
      },
    ]);
    expect(zs.size).toBe(70002);
    expect((await listKeys(zs, "c/")).length).toBe(70000);
    expect(Array.from(await zs.get("c/69999").then((b) => b!))).toEqual([0x6f, 0x11, 0x01, 0]);
    // a local header with a zip64 field the central entry lacks still takes one read
    store.reset();
    expect(new TextDecoder().decode(await zs.get("forced"))).toBe("local zip64 field");
    expect(store.reads.length).toBe(1);
    expect(store.reads[0]!.range).toEqual({
      offset: info.forced,
      length: LOCAL_HEADER_SIZE + "forced".length + LOCAL_EXTRA_MARGIN + 17,
    });
  });
});

/** An archive built member by member; `local` extra bytes go into the local header only. */
interface Member {
  name: string;
  data: Uint8Array;
  method?: number;
  size?: number;
  crc?: number;
  localExtra?: number;
  central?: Partial<Pick<ZipEntry, "size" | "compressedSize" | "offset" | "crc">>;
}
function build(members: Member[], zip64 = false): Uint8Array {
  const parts: Uint8Array[] = [];
  const entries: ZipEntry[] = [];
  let pos = 0;
  for (const m of members) {
    const e = storedEntry(m.name, m.data, pos, new Date(2024, 0, 1), crc32);
    e.method = m.method ?? 0;
    if (m.size !== undefined) e.size = m.size;
    if (m.crc !== undefined) e.crc = m.crc;
    let h = localHeader(e, false);
    if (m.localExtra) {
      // an unknown extra field (id 0xcafe) of localExtra bytes in all
      const x = new Uint8Array(h.length + m.localExtra);
      x.set(h);
      const dv = new DataView(x.buffer);
      dv.setUint16(28, m.localExtra, true);
      dv.setUint16(h.length, 0xcafe, true);
      dv.setUint16(h.length + 2, m.localExtra - 4, true);
      h = x;
    }
    parts.push(h, m.data);
    pos += h.length + m.data.length;
    entries.push({ ...e, ...m.central });
  }
  const cd = centralDirectory(entries, zip64);
  parts.push(cd, endRecords(entries.length, cd.length, pos, zip64));
  return new Uint8Array(Buffer.concat(parts));
}

describe("range reads", () => {
  const big = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7 + 3) & 255);
  const archive = build([
    { name: "s", data: big },
    { name: "t", data: big },
    { name: "long-local-extra", data: text("payload"), localExtra: 300 },
  ]);

  it("a suffix range of a large stored member: the header, then the range; then the range alone", async () => {
    const store = new CountingStore({ "data.zip": archive });
    const zs = await open(store);
    store.reset();
    expect(await zs.getRange("s", { suffixLength: 100 })).toEqual(big.slice(-100));
    expect(100 + READ_TOGETHER_GAP).toBeLessThan(big.length);
    expect(store.reads).toEqual([
      {
        key: "data.zip",
        range: { offset: 0, length: LOCAL_HEADER_SIZE + 1 + LOCAL_EXTRA_MARGIN },
        bytes: LOCAL_HEADER_SIZE + 1 + LOCAL_EXTRA_MARGIN,
      },
      {
        key: "data.zip",
        range: { offset: LOCAL_HEADER_SIZE + 1 + big.length - 100, length: 100 },
        bytes: 100,
      },
    ]);
    store.reset();
    expect(await zs.getRange("s", { offset: 5, length: 10 })).toEqual(big.slice(5, 15));
    expect(store.reads.length).toBe(1);
    expect(await zs.getRange("s", { offset: big.length + 5, length: 10 })).toEqual(
      new Uint8Array(0),
    );
    expect(await zs.getRange("s", { offset: 10, length: 0 })).toEqual(new Uint8Array(0));
    expect(store.reads.length).toBe(1);
  });

  it("a range near the start of an unread member: header and range in one read", async () => {
    const store = new CountingStore({ "data.zip": archive });
    const zs = await open(store);
    store.reset();
    expect(await zs.getRange("t", { offset: 1000, length: 50 })).toEqual(big.slice(1000, 1050));
    const at = LOCAL_HEADER_SIZE + 1 + big.length;
    expect(store.reads).toEqual([
      {
        key: "data.zip",
        range: { offset: at, length: LOCAL_HEADER_SIZE + 1 + LOCAL_EXTRA_MARGIN + 1050 },
        bytes: LOCAL_HEADER_SIZE + 1 + LOCAL_EXTRA_MARGIN + 1050,
      },
    ]);
  });

  it("a local extra field longer than the margin costs a second read of just the missing bytes", async () => {
    const store = new CountingStore({ "data.zip": archive });
    const zs = await open(store);
    store.reset();
    expect(new TextDecoder().decode(await zs.get("long-local-extra"))).toBe("payload");
    const at = 2 * (LOCAL_HEADER_SIZE + 1 + big.length);
    const first = LOCAL_HEADER_SIZE + 16 + LOCAL_EXTRA_MARGIN + 7;
    const dataAt = at + LOCAL_HEADER_SIZE + 16 + 300;
    expect(store.reads.map((r) => r.range)).toEqual([
      { offset: at, length: first },
      { offset: dataAt, length: 7 },
    ]);
  });
});

describe("lying archives: a clear error naming what is wrong, and nothing fetched for the lie", () => {
  const where = 'zip archive "data.zip" in CountingStore';

  it("not a zip at all, too short, or missing", async () => {
    const junk = new CountingStore({
      "data.zip": Uint8Array.from({ length: 1000 }, (_, i) => i & 255),
      "tiny.zip": new Uint8Array(5),
    });
    const err = await failure(openZipInStore(junk, "data.zip"));
    expect(err).toBeInstanceOf(ZarrError);
    expect(err.message).toBe(
      `${where} is not a readable zip archive: no end of central directory record`,
    );
    expect((await failure(openZipInStore(junk, "tiny.zip"))).message).toMatch(
      /"tiny.zip" in CountingStore is not a readable zip archive: it is 5 bytes long/,
    );
    const missing = await failure(openZipInStore(junk, "nope.zip"));
    expect(missing).toBeInstanceOf(NodeNotFoundError);
    expect(missing.message).toMatch(/no zip archive "nope.zip" in CountingStore/);
  });

  /** An archive of one member whose end record says `entries` / `cdSize` (zip64 record when `zip64`). */
  function lyingEnd(patch: (dv: DataView, eocd: number, eocd64: number) => void, zip64: boolean) {
    const bytes = build([{ name: "m", data: text("hello") }], zip64);
    const dv = new DataView(bytes.buffer);
    const eocd = bytes.length - 22;
    patch(dv, eocd, eocd - 20 - 56);
    return bytes;
  }

  it("a member count the directory cannot hold (65535, and 2^40 in zip64)", async () => {
    const small = lyingEnd((dv, e) => {
      dv.setUint16(e + 8, 0xffff, true);
      dv.setUint16(e + 10, 0xffff, true);
    }, false);
    const store = new CountingStore({ "data.zip": small });
    expect((await failure(openZipInStore(store, "data.zip"))).message).toMatch(
      /is not a readable zip archive: its central directory of \d+ bytes is too small for 65535 entries/,
    );
    const huge = lyingEnd((dv, _e, r) => dv.setBigUint64(r + 32, 2n ** 40n, true), true);
    const s2 = new CountingStore({ "data.zip": huge });
    expect((await failure(openZipInStore(s2, "data.zip"))).message).toMatch(
      /too small for 1099511627776 entries/,
    );
    expect(s2.reads.length).toBe(1);
  });

  it("a directory of 2^45 bytes: refused before any read for it (maxDirectorySize)", async () => {
    // 100 KB of padding member, so the first read is not the whole file
    const huge = build([{ name: "pad", data: new Uint8Array(100_000) }], true);
    const rec = huge.length - 22 - 20 - 56;
    new DataView(huge.buffer).setBigUint64(rec + 40, 2n ** 45n, true);
    const store = new CountingStore({ "data.zip": huge });
    const err = await failure(openZipInStore(store, "data.zip"));
    expect(err.message).toMatch(
      /central directory claims 35184372088832 bytes, more than maxDirectorySize \(268435456\)/,
    );
    expect(store.reads.length).toBe(1);
  });

  it("a directory larger than the file (the first read is not the whole file): the second read comes back short", async () => {
    // 100 KB of padding member so the tail read is not the whole file
    const bytes = build([{ name: "pad", data: new Uint8Array(100_000) }], true);
    const dv = new DataView(bytes.buffer);
    const rec = bytes.length - 22 - 20 - 56;
    const cdSize = Number(dv.getBigUint64(rec + 40, true));
    const cdOffset = Number(dv.getBigUint64(rec + 48, true));
    // claim a directory 50 MB long that ends where it does
    const claimed = 50_000_000;
    dv.setBigUint64(rec + 40, BigInt(claimed), true);
    dv.setBigUint64(rec + 48, BigInt(cdOffset + cdSize - claimed + 1e9), true);
    const store = new CountingStore({ "data.zip": bytes });
    const err = await failure(openZipInStore(store, "data.zip"));
    expect(err.message).toMatch(
      /its central directory \(50000000 bytes at offset \d+\) runs past the end of the file/,
    );
    expect(store.reads.length).toBe(2);
    expect(store.bytesRead).toBeLessThanOrEqual(bytes.length);
  });

  it("member sizes and offsets past the directory, and zip64 sizes beyond 2^53", async () => {
    const bytes = build([
      { name: "ok", data: text("fine") },
      { name: "c", data: text("1234"), central: { compressedSize: 0xf0000000 } },
      { name: "o", data: text("1234"), central: { offset: 0x7fff0000 } },
      { name: "s", data: text("123456"), central: { size: 1 << 20 } },
      {
        name: "d",
        data: deflateRawSync(new Uint8Array(4)),
        method: 8,
        size: 4,
        central: { size: 2 ** 40 },
      },
    ]);
    const store = new CountingStore({ "data.zip": bytes });
    const zs = await open(store);
    store.reset();
    const msg = async (key: string) => {
      const e = await failure(zs.get(key));
      expect(e).toBeInstanceOf(ZarrError);
      return e.message;
    };
    expect(await msg("c")).toMatch(
      /^member "c" of zip archive "data.zip" in CountingStore: its compressed size 4026531840 runs past the start of the central directory \(offset \d+\)$/,
    );
    expect(await msg("o")).toMatch(/member "o" .*: its local header offset 2147418112 lies past/);
    expect(await msg("s")).toMatch(
      /member "s" .*: stored member declares 1048576 bytes but holds 6/,
    );
    expect(await msg("d")).toMatch(
      /member "d" .*: declares 1099511627776 bytes, more than \d+ deflated bytes can hold/,
    );
    expect((await failure(zs.getRange("c", { offset: 0, length: 2 }))).message).toMatch(
      /member "c" .*runs past/,
    );
    // none of the lies was fetched
    expect(store.reads).toEqual([]);
    expect(new TextDecoder().decode(await zs.get("ok"))).toBe("fine");

    const beyond = build([{ name: "z", data: text("x"), central: { size: 2 ** 60 } }], true);
    expect(
      (await failure(openZipInStore(new CountingStore({ "data.zip": beyond }), "data.zip")))
        .message,
    ).toMatch(
      /not a readable zip archive: zip64 size of member "z" is 1152921504606846976, too large/,
    );
  });

  for (const engine of ["stream", "pako"] as const) {
    it(`a 64 MiB deflate bomb declaring 1 KiB stops at the declared size (${engine})`, async () => {
      const plain = new Uint8Array(64 << 20);
      const bomb = deflateRawSync(plain, { level: 9 });
      const bytes = build([
        { name: "b", data: bomb, method: 8, size: 1024, crc: crc32(plain.subarray(0, 1024)) },
      ]);
      const zs = await open(new CountingStore({ "data.zip": bytes }), { inflateEngine: engine });
      expect((await failure(zs.get("b"))).message).toBe(
        `member "b" of ${where}: inflates to more than its declared 1024 bytes`,
      );
    });
  }

  it("a CRC-32 mismatch fails; verifyChecksums: false returns the bytes", async () => {
    const bytes = build([{ name: "k", data: text("abc"), crc: 12345 }]);
    const zs = await open(new CountingStore({ "data.zip": bytes }));
    expect((await failure(zs.get("k"))).message).toBe(`member "k" of ${where}: CRC-32 mismatch`);
    const loose = await open(new CountingStore({ "data.zip": bytes }), { verifyChecksums: false });
    expect(new TextDecoder().decode(await loose.get("k"))).toBe("abc");
  });

  it("a truncated deflate stream and a wrong local header", async () => {
    const plain = text("x".repeat(5000));
    const full = deflateRawSync(plain);
    const bytes = build([
      {
        name: "cut",
        data: full.subarray(0, full.length - 3),
        method: 8,
        size: 5000,
        crc: crc32(plain),
      },
      { name: "h", data: text("hdr"), central: { offset: 1 } },
    ]);
    for (const engine of ["stream", "pako"] as const) {
      const zs = await open(new CountingStore({ "data.zip": bytes }), { inflateEngine: engine });
      expect((await failure(zs.get("cut"))).message, engine).toMatch(
        /^member "cut" of zip archive "data.zip" in CountingStore: (cannot inflate it|it has \d+ bytes, its directory entry says 5000)/,
      );
      expect((await failure(zs.get("h"))).message).toBe(
        `member "h" of ${where}: no local file header at offset 1`,
      );
    }
  });
});
