import { readFileSync } from "node:fs";
import { type ChunkInfo, chunkToBytes, getCodec, parseDataType } from "@zarrkit/core";
import { type FixtureEntry, fixturePath, fixturesWith } from "@zarrkit/test-utils";
import {
  type RefCase,
  type Reference,
  reference,
  bothWaysMismatches,
  reprMismatches,
} from "@zarrkit/codec-test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { Quantize, quantizeBits } from "../src/index.js";

/** Smooth data with full-precision fractions, stored as `dtype`. */
function floats(dtype: string, n: number, magnitude: number, seed: number): Uint8Array {
  const dt = parseDataType(dtype);
  const values = Float64Array.from(
    { length: n },
    (_, i) => Math.sin(i * 0.37 + seed) * magnitude + Math.cos(i * 1.3) * magnitude * 0.01,
  );
  const data = dt.itemsize === 8 ? values : Float32Array.from(values);
  return chunkToBytes(dt, data, n).slice();
}

interface Named extends RefCase {
  name: string;
}

const FLOATS = ["<f2", "<f4", "<f8", ">f2", ">f4", ">f8"];
const CASES: Named[] = [
  ...FLOATS.flatMap((d, i) =>
    ["<f2", "<f4", "<f8"].flatMap((a, j) =>
      [-2, 0, 1, 3, 5, 10].map((digits) => ({
        name: `${d} as ${a}, ${digits} digits`,
        config: { id: "quantize", digits, dtype: d, astype: a },
        dtype: d,
        data: floats(d, 200, d.endsWith("2") ? 300 : 1e4, 10 * i + j),
      })),
    ),
  ),
  // one payload through every number of digits from -20 to 39: exposes the scale numcodecs uses
  ...Array.from({ length: 60 }, (_, k) => ({
    name: `float64, ${k - 20} digits`,
    config: { id: "quantize", digits: k - 20, dtype: "<f8" },
    dtype: "<f8",
    data: floats("<f8", 64, 10 ** ((k % 9) - 3), k),
  })),
  {
    name: "specials and ties",
    config: { id: "quantize", digits: 1, dtype: "<f8", astype: "<f4" },
    dtype: "<f8",
    data: new Uint8Array(
      Float64Array.from([
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        -0,
        0.03125,
        0.09375,
        -0.03125,
        1e300,
        5e-324,
      ]).buffer,
    ),
  },
  {
    name: "float16 overflow when scaled",
    config: { id: "quantize", digits: 3, dtype: "<f2" },
    dtype: "<f2",
    data: floats("<f2", 100, 60000, 3),
  },
];

const REPRS = [
  { id: "quantize", digits: 3, dtype: "f4" },
  { id: "quantize", digits: 1, dtype: "<f8", astype: "f2" },
  { id: "quantize", digits: -2, dtype: ">f8", astype: ">f8" },
  { id: "quantize", digits: 0, dtype: "float16" },
];

let ref: Reference;
const blosc = fixturesWith("filter:quantize").filter((f) => f.compressor !== null);
const chunkKeys = (entry: FixtureEntry) => {
  const [rows, cols] = entry.shape as [number, number];
  const [cr, cc] = entry.chunks as [number, number];
  const keys: string[] = [];
  for (let bi = 0; bi * cr < rows; bi++)
    for (let bj = 0; bj * cc < cols; bj++) keys.push(`${bi}.${bj}`);
  return keys;
};

beforeAll(() => {
  for (const c of CASES) c.ours = Quantize.fromConfig(c.config as never).encode(c.data!);
  const decompress = blosc.flatMap((entry) =>
    chunkKeys(entry).map((key) => ({ config: entry.compressor!, path: fixturePath(entry, key) })),
  );
  ref = reference(REPRS, CASES, decompress);
});

describe("Quantize against numcodecs 0.11", () => {
  it("prints and configures as numcodecs does", () => {
    expect(reprMismatches(REPRS, ref.reprs, (cfg) => Quantize.fromConfig(cfg as never))).toEqual(
      [],
    );
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("%s: same bytes both ways", (_n, i) => {
    const c = CASES[i]!;
    const codec = Quantize.fromConfig(c.config as never);
    expect(bothWaysMismatches(codec, c.ours, ref.results[i]!)).toEqual([]);
  });

  it("scales by a power of two at least as fine as the requested decimal precision", () => {
    for (let digits = -20; digits < 40; digits++) {
      const bits = quantizeBits(digits);
      expect(2 ** -bits).toBeLessThanOrEqual(10 ** -digits * 1.0000001);
      expect(2 ** -(bits - 1)).toBeGreaterThan(10 ** -(digits + 1));
    }
    expect([0, 1, 2, 3].map(quantizeBits)).toEqual([0, 4, 7, 10]);
  });

  it("round-trips its own output unchanged (quantizing twice is quantizing once)", () => {
    for (const d of FLOATS) {
      const codec = new Quantize({ digits: 2, dtype: d });
      const once = codec.decode(codec.encode(floats(d, 100, 50, 1)));
      expect(codec.decode(codec.encode(once)), d).toEqual(once);
    }
  });
});

function checkChunks(entry: FixtureEntry, decode: (key: string, k: number) => ArrayLike<number>) {
  const [rows, cols] = entry.shape as [number, number];
  const [cr, cc] = entry.chunks as [number, number];
  let k = 0;
  let n = 0;
  for (let bi = 0; bi * cr < rows; bi++) {
    for (let bj = 0; bj * cc < cols; bj++) {
      const got = decode(`${bi}.${bj}`, k++);
      for (let r = 0; r < cr && bi * cr + r < rows; r++) {
        for (let c = 0; c < cc && bj * cc + c < cols; c++) {
          expect(got[r * cc + c]).toBe(entry.values[(bi * cr + r) * cols + bj * cc + c]);
          n++;
        }
      }
    }
  }
  return n;
}

describe("Quantize fixtures written by zarr-python", () => {
  it("decodes the uncompressed float64 fixtures", () => {
    const entries = fixturesWith("filter:quantize").filter((f) => f.compressor === null);
    expect(entries.length).toBe(2);
    for (const entry of entries) {
      const codec = Quantize.fromConfig(entry.filters![0]!);
      const n = checkChunks(entry, (key) => {
        const b = codec.decode(new Uint8Array(readFileSync(fixturePath(entry, key))));
        return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
      });
      expect(n).toBe(37 * 23);
    }
  });

  it("decodes the Blosc-compressed float32 fixture (Blosc undone by numcodecs)", () => {
    expect(blosc.length).toBe(1);
    expect(ref.decompressed.length).toBe(chunkKeys(blosc[0]!).length);
    const entry = blosc[0]!;
    const codec = Quantize.fromConfig(entry.filters![0]!);
    const n = checkChunks(entry, (_key, k) => {
      const b = codec.decode(ref.decompressed[k]!);
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    });
    expect(n).toBe(37 * 23);
  });
});

describe("Quantize configuration", () => {
  it("reports the stored type", () => {
    const info: ChunkInfo = { dtype: "<f8", itemsize: 8, shape: [100], nbytes: 800 };
    expect(new Quantize({ digits: 2, dtype: "f8", astype: "f4" }).encodedInfo(info)).toEqual({
      ...info,
      dtype: "<f4",
      itemsize: 4,
      nbytes: 400,
    });
  });

  it("is registered under its numcodecs id", async () => {
    expect(await getCodec({ id: "quantize", digits: 1, dtype: "<f8" })).toBeInstanceOf(Quantize);
  });

  it("names the filter and field in errors", () => {
    expect(() => new Quantize({ digits: 2, dtype: "<i4" })).toThrow(
      /quantize: "dtype" "<i4".*float types only/,
    );
    expect(() => new Quantize({ digits: 2, dtype: "<f8", astype: "<i2" })).toThrow(
      /quantize: "astype"/,
    );
    expect(() => new Quantize({ digits: 1.5, dtype: "<f8" })).toThrow(/quantize: "digits"/);
    expect(() => new Quantize({ dtype: "<f8" } as never)).toThrow(/quantize: "digits"/);
    expect(() => new Quantize({ digits: 1 } as never)).toThrow(/quantize: "dtype" is required/);
    const codec = new Quantize({ digits: 1, dtype: "<f8" });
    expect(() =>
      codec.encode(new Uint8Array(8), { dtype: "<i8", itemsize: 8, shape: [1] }),
    ).toThrow(/quantize: cannot quantize <i8 data/);
    expect(() => codec.decode(new Uint8Array(7))).toThrow(/quantize: 7 bytes/);
  });
});
