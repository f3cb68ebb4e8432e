// Partial decoding (c-blosc's getitem): reads of small selections decode only the Blosc blocks
// they need. Values are compared with zarr-python 2.13's own (live), with the whole read, and
// a block nobody asked for may be broken without the small read noticing.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { CodecError, openArray, type Store, zeros } from "@zarrkit/core";
import { runPythonJson } from "@zarrkit/test-utils";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Blosc, readHeader } from "../src/index.js";

/** A store over a map of keys, read from a directory zarr-python wrote. */
class MapStore implements Store {
  readonly map = new Map<string, Uint8Array>();
  async get(key: string) {
    return this.map.get(key);
  }
  async set(key: string, value: Uint8Array) {
    this.map.set(key, value.slice());
  }
  async delete(key: string) {
    return this.map.delete(key);
  }
  static fromDir(root: string): MapStore {
    const s = new MapStore();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else s.map.set(relative(root, p), new Uint8Array(readFileSync(p)));
      }
    };
    walk(root);
    return s;
  }
}

const SHAPE = [600, 350];
// Big enough for several blocks: split blocks are at least 64 KiB whatever the blocksize asked.
const CHUNKS = [400, 300];

interface Written {
  name: string;
  dtype: string;
  order: "C" | "F";
  /** The whole array as zarr-python reads it, C order, little-endian bytes. */
  values: Uint8Array;
  /** Whether chunk 0.0 was stored memcpyed (incompressible data). */
  memcpyed: boolean;
}

const CASES: {
  cname: string;
  shuffle: number;
  blocksize: number;
  dtype: string;
  order: "C" | "F";
  noise?: boolean;
}[] = [];
// Every typesize with every compressor and every shuffle, two typesizes per pair.
const DTYPES = ["|u1", "<i2", "<i4", "<f8"];
for (const [k, cname] of ["lz4", "zstd", "blosclz"].entries())
  for (const shuffle of [0, 1, 2])
    for (const d of [0, 2])
      CASES.push({
        cname,
        shuffle,
        blocksize: 4096,
        dtype: DTYPES[(d + k + shuffle) % 4]!,
        order: (k + shuffle + d) % 2 ? "F" : "C",
      });
// zarr-python's default block size (one or few blocks per chunk), and memcpyed chunks.
CASES.push({ cname: "lz4", shuffle: 1, blocksize: 0, dtype: "<i4", order: "C" });
CASES.push({ cname: "lz4", shuffle: 1, blocksize: 0, dtype: "<f8", order: "F", noise: true });
CASES.push({ cname: "zstd", shuffle: 2, blocksize: 2048, dtype: "<i2", order: "C", noise: true });

let dir: string;
const written: Written[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "blosc-partial-"));
  const out = runPythonJson<{ name: string; values: string; memcpyed: boolean }[]>(
    `
import json, sys, base64, numpy as np, zarr
from numcodecs import Blosc
cases = json.loads(sys.stdin.read())
res = []
for i, c in enumerate(cases["cases"]):
    shape, chunks = tuple(cases["shape"]), tuple(cases["chunks"])
    dt = np.dtype(c["dtype"])
    if c.get("noise"):
        rng = np.random.default_rng(i)
        a = rng.integers(0, 256, size=shape[0] * shape[1] * dt.itemsize, dtype=np.uint8).view(dt).reshape(shape)
        if dt.kind == "f":
            a = np.nan_to_num(a)
    else:
        ii, jj = np.indices(shape)
        a = ((ii * 7 + jj * 3) % 251).astype(dt)
        if dt.kind == "f":
            a = a / 8 - 3
    name = f"a{i}"
    z = zarr.open_array(cases["dir"] + "/" + name, mode="w", shape=shape, chunks=chunks, dtype=dt,
        order=c["order"], compressor=Blosc(cname=c["cname"], clevel=5, shuffle=c["shuffle"], blocksize=c["blocksize"]))
    z[:] = a
    raw = z.store["0.0"]
    res.append({"name": name, "values": base64.b64encode(np.ascontiguousarray(z[:]).tobytes()).decode(), "memcpyed": bool(raw[2] & 2)})
print(json.dumps(res))
`,
    JSON.stringify({ cases: CASES, shape: SHAPE, chunks: CHUNKS, dir }),
  );
  out.forEach((o, i) => {
    const c = CASES[i]!;
    written.push({
      name: o.name,
      dtype: c.dtype,
      order: c.order,
      values: new Uint8Array(Buffer.from(o.values, "base64")),
      memcpyed: o.memcpyed,
    });
  });
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Selections as [start, stop, step] per dimension; each needs little of chunk 0.0. */
const SELECTIONS: [number, number, number][][] = [
  [
    [10, 20, 1],
    [30, 50, 1],
  ],
  [
    [0, 1, 1],
    [0, 350, 1],
  ],
  [
    [399, 401, 1],
    [295, 305, 1],
  ],
  [
    [5, 50, 3],
    [7, 90, 5],
  ],
  [
    [350, 351, 1],
    [3, 4, 1],
  ],
];

/** The expected values of a selection, cut from zarr-python's whole array by hand. */
function expectedOf(w: Written, sel: [number, number, number][]): Uint8Array {
  const size = Number(w.dtype.slice(2));
  const out: number[] = [];
  for (let i = sel[0]![0]; i < sel[0]![1]; i += sel[0]![2])
    for (let j = sel[1]![0]; j < sel[1]![1]; j += sel[1]![2]) {
      const at = (i * SHAPE[1]! + j) * size;
      for (let b = 0; b < size; b++) out.push(w.values[at + b]!);
    }
  return Uint8Array.from(out);
}

const bytesOf = (d: ArrayBufferView) => new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

describe("partial reads of arrays zarr-python wrote with Blosc", () => {
  it("give zarr-python's values and the whole read's, decoding parts of chunks", async () => {
    expect(written.length).toBe(CASES.length);
    // The incompressible cases really are memcpyed chunks.
    expect(written.filter((w) => w.memcpyed).length).toBeGreaterThanOrEqual(1);
    const spy = vi.spyOn(Blosc.prototype, "decodePartial");
    try {
      for (const w of written) {
        const store = MapStore.fromDir(join(dir, w.name));
        const z = await openArray(store, { mode: "r" });
        const whole = bytesOf((await z.get(null)).data as ArrayBufferView);
        // Buffer.equals: vitest's deep equality is slow on megabytes.
        expect(Buffer.from(whole).equals(Buffer.from(w.values)), w.name).toBe(true);
        for (const sel of SELECTIONS) {
          const text = sel.map(([a, b, s]) => `${a}:${b}:${s}`).join(", ");
          const before = spy.mock.calls.length;
          const got = bytesOf((await z.get(text)).data as ArrayBufferView);
          expect(got, `${w.name} ${CASES[written.indexOf(w)]!.cname} [${text}]`).toEqual(
            expectedOf(w, sel),
          );
          expect(
            spy.mock.calls.length,
            `${w.name} [${text}] took the partial path`,
          ).toBeGreaterThan(before);
        }
      }
    } finally {
      spy.mockRestore();
    }
  }, 120_000);
});

/**
 * An lz4 + shuffle chunk of 400 x 400 int32 in 10 blocks: the 4000-byte blocksize asked for
 * becomes 65536 (c-blosc multiplies it by the typesize for split blocks, then takes 64 KiB at
 * least), so rows 0-40 are block 0 and rows 369-399 block 9.
 */
async function tenBlockArray() {
  const store = new MapStore();
  const z = await zeros([400, 400], {
    store,
    chunks: [400, 400],
    dtype: "<i4",
    compressor: new Blosc({ cname: "lz4", clevel: 5, shuffle: Blosc.SHUFFLE, blocksize: 4000 }),
  });
  const values = Int32Array.from({ length: 160000 }, (_, i) => (i * 13) % 1000);
  await z.set(null, { data: values, shape: [400, 400] });
  const raw = store.map.get("0.0")!;
  const h = readHeader(raw);
  expect(h.blocksize).toBe(65536);
  expect(Math.ceil(h.nbytes / h.blocksize)).toBe(10);
  expect(h.flags & 2).toBe(0);
  return { store, z, values, raw };
}

const u32 = (a: Uint8Array, p: number) => new DataView(a.buffer, a.byteOffset).getUint32(p, true);

describe("partial decoding touches only the blocks a read needs", () => {
  it("reads rows of block 0 although block 9 is corrupt, which the whole read reports", async () => {
    const { store, z, values, raw } = await tenBlockArray();
    const broken = raw.slice();
    // Block 9's first stream: its compressed bytes replaced by an LZ4 sequence that runs past
    // the end of its input.
    const start = u32(broken, 16 + 4 * 9);
    const size = u32(broken, start);
    broken.fill(0xff, start + 4, start + 4 + size);
    store.map.set("0.0", broken);
    const part = await z.get("0:5, :");
    expect(Array.from(part.data as Int32Array)).toEqual(Array.from(values.subarray(0, 2000)));
    const mid = await z.get("200:202, 10:12");
    expect(Array.from(mid.data as Int32Array)).toEqual([
      values[80010],
      values[80011],
      values[80410],
      values[80411],
    ]);
    // The last rows are in block 9, so this read does decode it, and fails.
    await expect(z.get("399:400, :")).rejects.toThrow(/block 9/);
    await expect(z.get(null)).rejects.toThrow(CodecError);
    await expect(z.get(null)).rejects.toThrow(/"0\.0"/);
  });

  it("fails with a CodecError naming the chunk key when a block start is out of range", async () => {
    const { store, z, raw } = await tenBlockArray();
    const broken = raw.slice();
    new DataView(broken.buffer).setUint32(16, 0xfffffff0, true);
    store.map.set("0.0", broken);
    const read = z.get("0:2, 0:10");
    await expect(read).rejects.toThrow(CodecError);
    await expect(z.get("0:2, 0:10")).rejects.toThrow(/chunk "0\.0".*block 0 starts at 4294967280/);
  });

  it("fills exactly the requested ranges when called directly, and refuses ranges outside the chunk", async () => {
    const { raw, values } = await tenBlockArray();
    const codec = new Blosc();
    const out = new Uint8Array(640000).fill(0xee);
    await codec.decodePartial(raw, [[131076, 131084]], out, {
      dtype: "<i4",
      itemsize: 4,
      shape: [100, 100],
      nbytes: 640000,
    });
    const want = new Uint8Array(values.buffer);
    // Block 2 (bytes 131072..196608) is decoded whole; its neighbours are left alone.
    expect(out.subarray(131072, 196608)).toEqual(want.subarray(131072, 196608));
    expect(out[196608]).toBe(0xee);
    expect(out[131071]).toBe(0xee);
    await expect(codec.decodePartial(raw, [[639990, 640010]], out)).rejects.toThrow(
      /byte range \[639990, 640010\) is outside the chunk's 640000 bytes/,
    );
  });
});

describe("partial decoding of v3 shards' inner chunks", () => {
  it("decodes only the blocks of the inner chunk a block read needs", async () => {
    const store = new MapStore();
    const z = await zeros([800, 400], {
      store,
      chunks: [400, 400],
      shards: [800, 400],
      dtype: "<i4",
      zarrFormat: 3,
      compressor: new Blosc({ cname: "lz4", clevel: 5, shuffle: Blosc.SHUFFLE, blocksize: 4000 }),
    });
    const values = Int32Array.from({ length: 320000 }, (_, i) => (i * 13) % 1000);
    await z.set(null, { data: values, shape: [800, 400] });
    const spy = vi.spyOn(Blosc.prototype, "decodePartial");
    try {
      const got = await z.get("410:412, 100:103");
      expect(Array.from(got.data as Int32Array)).toEqual(
        [410, 411].flatMap((r) => [100, 101, 102].map((c) => values[r * 400 + c]!)),
      );
      expect(spy).toHaveBeenCalledTimes(1);
      // Rows 10..11, columns 100..102 of the second inner chunk (a row is 1600 bytes), in block 0.
      expect(spy.mock.calls[0]![1]).toEqual([
        [16400, 16412],
        [18000, 18012],
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
