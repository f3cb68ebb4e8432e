import { readFileSync } from "node:fs";
import { type ChunkInfo, getCodec, parseDataType } from "@zarrkit/core";
import { fixturePath, fixturesWith } from "@zarrkit/test-utils";
import {
  bytesOf,
  payload,
  type RefCase,
  type Reference,
  reference,
  bothWaysMismatches,
  reprMismatches,
} from "@zarrkit/codec-test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { Delta } from "../src/index.js";

const SAME = ["|i1", "|u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f2", "<f4", "<f8"];
const BIG_ENDIAN = [">i2", ">u4", ">i8", ">f2", ">f4", ">f8"];
const MATRIX = ["|i1", "<u2", "<i4", "<u8", "<f2", "<f4", "<f8"];

const LIMIT: Record<string, number> = { 1: 100, 2: 30000, 4: 2e9, 8: 4e18 };

function limitFor(d: string, a: string): number | undefined {
  const dt = parseDataType(d);
  const at = parseDataType(a);
  if (dt.kind !== "f" && at.kind !== "f") return undefined; // integers wrap: use the whole range
  const bound = (t: typeof dt) =>
    t.kind === "f" ? (t.itemsize === 2 ? 30000 : 1e15) : LIMIT[t.itemsize]!;
  // Float data must stay in range of integer types on both sides (out-of-range float to
  // integer casts are undefined in NumPy), and differences are up to twice the values.
  return Math.min(bound(dt), bound(at)) / 4;
}

interface Named extends RefCase {
  name: string;
}

const roundTrips: Named[] = [...SAME, ...BIG_ENDIAN].map((d, i) => ({
  name: `${d} round trip`,
  config: { id: "delta", dtype: d },
  dtype: d,
  data: payload(d, 1000, 100 + i, limitFor(d, d)),
}));
const walks: Named[] = [...SAME, ...BIG_ENDIAN].map((d, i) => ({
  name: `${d} smooth`,
  config: { id: "delta", dtype: d },
  dtype: d,
  data: payload(d, 777, 200 + i, parseDataType(d).itemsize === 1 ? 100 : 20000),
}));
const matrix: Named[] = MATRIX.flatMap((d, i) =>
  MATRIX.map((a, j) => ({
    name: `${d} as ${a}`,
    config: { id: "delta", dtype: d, astype: a },
    dtype: d,
    data: payload(d, 300, 300 + 10 * i + j, limitFor(d, a)),
  })),
);
const extra: Named[] = [
  {
    name: "one element",
    config: { id: "delta", dtype: "<i4" },
    dtype: "<i4",
    data: payload("<i4", 1, 7),
  },
  {
    name: "i2 differences stored as i1 (wrapping)",
    config: { id: "delta", dtype: "<i2", astype: "|i1" },
    dtype: "<i2",
    data: payload("<i2", 500, 8),
  },
  {
    name: "big-endian dtype, little-endian astype",
    config: { id: "delta", dtype: ">i4", astype: "<i8" },
    dtype: ">i4",
    data: payload(">i4", 500, 9),
  },
  {
    name: "float16 rounding of differences",
    config: { id: "delta", dtype: "<f2" },
    dtype: "<f2",
    data: bytesOf(
      new Uint16Array(Array.from({ length: 512 }, (_, i) => (i * 2654435761) & 0x7bff)),
    ),
  },
  {
    name: "float32 values far apart",
    config: { id: "delta", dtype: "<f4", astype: "<f2" },
    dtype: "<f4",
    data: bytesOf(Float32Array.from({ length: 400 }, (_, i) => ((i * 7919) % 1000) * 1.37 - 700)),
  },
  {
    name: "float64 from float32 astype",
    config: { id: "delta", dtype: "<f8", astype: "<f4" },
    dtype: "<f8",
    data: bytesOf(Float64Array.from({ length: 400 }, (_, i) => Math.sin(i) * 1e6)),
  },
];
const ALL = [...roundTrips, ...walks, ...matrix, ...extra];

const REPRS = [
  { id: "delta", dtype: "i4" },
  { id: "delta", dtype: "<i4", astype: "i2" },
  { id: "delta", dtype: ">f8" },
  { id: "delta", dtype: "f2", astype: "f4" },
  { id: "delta", dtype: "u1", astype: "|u1" },
  { id: "delta", dtype: "int64", astype: "int8" },
];

let ref: Reference;

beforeAll(() => {
  for (const c of ALL) {
    try {
      c.ours = Delta.fromConfig(c.config as { dtype: string }).encode(c.data!);
    } catch {
      c.ours = undefined;
    }
  }
  ref = reference(REPRS, ALL);
});

describe("Delta against numcodecs 0.11", () => {
  it("prints and configures as numcodecs does", () => {
    expect(reprMismatches(REPRS, ref.reprs, (cfg) => Delta.fromConfig(cfg as never))).toEqual([]);
  });

  it.each(ALL.map((c, i) => [c.name, i] as const))("%s: same bytes both ways", (_name, i) => {
    const c = ALL[i]!;
    const r = ref.results[i]!;
    const codec = Delta.fromConfig(c.config as { dtype: string });
    if (r.error) {
      // numcodecs raises on this payload (a first element its scalar assignment refuses)
      expect(() => codec.encode(c.data!)).toThrow(/delta: .*first element/);
      return;
    }
    expect(bothWaysMismatches(codec, c.ours, r)).toEqual([]);
  });

  it("round-trips every integer dtype exactly", () => {
    for (const c of roundTrips.filter((x) => !x.dtype.includes("f"))) {
      const codec = new Delta({ dtype: c.dtype });
      expect(codec.decode(codec.encode(c.data!)), c.name).toEqual(c.data);
    }
  });
});

describe("Delta in a chunk pipeline", () => {
  it("reports the encoded type so the next codec sees the right item size", () => {
    const info: ChunkInfo = { dtype: "<i4", itemsize: 4, shape: [10, 7], nbytes: 280 };
    expect(new Delta({ dtype: "i4", astype: "i2" }).encodedInfo(info)).toEqual({
      dtype: "<i2",
      itemsize: 2,
      shape: [10, 7],
      nbytes: 140,
    });
    expect(new Delta({ dtype: "i4" }).encodedInfo(info)).toEqual(info);
  });

  it("is registered under its numcodecs id", async () => {
    const codec = await getCodec({ id: "delta", dtype: "<i8", astype: "<i4" });
    expect(codec).toBeInstanceOf(Delta);
    expect(codec.toConfig()).toEqual({ id: "delta", dtype: "<i8", astype: "<i4" });
  });

  it("fills the pipeline's output buffer when it is given one", () => {
    const codec = new Delta({ dtype: "<i4" });
    const data = payload("<i4", 50, 1);
    const out = new Uint8Array(data.length);
    expect(codec.decode(codec.encode(data), out)).toBe(out);
    expect(out).toEqual(data);
  });

  it("decodes the delta fixtures to the manifest values", () => {
    const entries = fixturesWith("filter:delta").filter((f) => f.compressor === null);
    expect(entries.map((e) => e.store)).toEqual(["filter_delta.zarr"]);
    for (const entry of entries) {
      const codec = Delta.fromConfig(entry.filters![0]!);
      const [rows, cols] = entry.shape as [number, number];
      const [cr, cc] = entry.chunks as [number, number];
      const values = entry.values as number[];
      for (let bi = 0; bi * cr < rows; bi++) {
        for (let bj = 0; bj * cc < cols; bj++) {
          const raw = new Uint8Array(readFileSync(fixturePath(entry, `${bi}.${bj}`)));
          const dec = codec.decode(raw);
          const got = new Int32Array(dec.buffer, dec.byteOffset, dec.byteLength / 4);
          for (let r = 0; r < cr && bi * cr + r < rows; r++) {
            for (let c = 0; c < cc && bj * cc + c < cols; c++) {
              const i = (bi * cr + r) * cols + bj * cc + c;
              expect(got[r * cc + c]).toBe(values[i]);
            }
          }
        }
      }
    }
  });
});

describe("Delta configuration errors", () => {
  it("names the filter and the field", () => {
    expect(() => new Delta({ dtype: "|b1" })).toThrow(/delta: "dtype" "\|b1".*not supported/);
    expect(() => new Delta({ dtype: "<i4", astype: "<c8" })).toThrow(/delta: "astype"/);
    expect(() => new Delta({ dtype: "|O" })).toThrow(/delta: "dtype"/);
    expect(() => new Delta({ dtype: "<U4" })).toThrow(/delta: "dtype"/);
    expect(() => new Delta({ dtype: "int33" })).toThrow(/delta: "dtype".*unsupported dtype/);
    expect(() => new Delta({} as { dtype: string })).toThrow(/delta: "dtype" is required/);
    expect(() => new Delta({ dtype: "i4", level: 1 } as never)).toThrow(
      /unknown configuration key "level"/,
    );
    expect(() => Delta.fromConfig({ id: "zlib", dtype: "i4" })).toThrow(/id is "zlib"/);
  });

  it("refuses bool, string and object data from the pipeline", () => {
    const codec = new Delta({ dtype: "|u1" });
    const info = (dtype: string): ChunkInfo => ({ dtype, itemsize: 1, shape: [4] });
    expect(() => codec.encode(new Uint8Array(4), info("|b1"))).toThrow(
      /delta: cannot difference \|b1/,
    );
    expect(() => codec.decode(new Uint8Array(4), undefined, info("|S1"))).toThrow(/delta/);
    expect(() => codec.encode(["a"] as never, info("|O"))).toThrow(/delta: expects bytes/);
    // datetimes are differenced as 64-bit integers, as numcodecs allows
    const dt = new Delta({ dtype: "<i8" });
    const ticks = payload("<i8", 10, 3);
    expect(dt.decode(dt.encode(ticks, info("<M8[ns]")))).toEqual(ticks);
  });

  it("refuses data that is not a whole number of elements", () => {
    expect(() => new Delta({ dtype: "<i4" }).encode(new Uint8Array(6))).toThrow(
      /delta: 6 bytes are not a whole number of <i4 elements/,
    );
    expect(() => new Delta({ dtype: "<i4", astype: "<i2" }).decode(new Uint8Array(3))).toThrow(
      /delta: 3 bytes/,
    );
  });
});
