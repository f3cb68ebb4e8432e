import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { type ChunkInfo, getCodec, parseDataType } from "@zarrkit/core";
import { type FixtureEntry, fixturePath, fixturesWith } from "@zarrkit/test-utils";
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
import { AsType } from "../src/index.js";

const TYPES = ["|b1", "|i1", "|u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f2", "<f4", "<f8"];
const BIG_ENDIAN = [">i2", ">u4", ">i8", ">f2", ">f4", ">f8"];
// u4 from floats: NumPy's SIMD loop agrees with its scalar loop only below 2^31 in magnitude
const RANGE: Record<string, number> = {
  i1: 127,
  u1: 255,
  i2: 32767,
  u2: 65535,
  i4: 2 ** 31 - 1,
  u4: 2 ** 31 - 1,
};

/** Data of type `from` whose values convert to `to` without NumPy's undefined float casts. */
function data(from: string, to: string, seed: number): Uint8Array {
  const f = parseDataType(from);
  const t = parseDataType(to);
  if (f.kind === "b")
    return Uint8Array.from({ length: 257 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
  if (f.kind !== "f") return payload(from, 257, seed); // integers: whole range, casts wrap
  // floats: stay inside the target integer range (and inside float16's)
  const key = t.str.slice(1);
  const bound = t.kind === "i" || t.kind === "u" ? (RANGE[key] ?? 2 ** 52) : 1e30;
  return payload(from, 257, seed, Math.min(bound, f.itemsize === 2 ? 60000 : 1e30) * 0.9);
}

interface Named extends RefCase {
  name: string;
}

const CASES: Named[] = [
  ...TYPES.flatMap((d, i) =>
    TYPES.map((e, j) => ({
      name: `${d} stored as ${e}`,
      config: { id: "astype", encode_dtype: e, decode_dtype: d },
      dtype: d,
      data: data(d, e, 10 * i + j),
    })),
  ),
  ...BIG_ENDIAN.map((d, i) => ({
    name: `${d} stored as <f8`,
    config: { id: "astype", encode_dtype: "<f8", decode_dtype: d },
    dtype: d,
    data: data(d, "<f8", 500 + i),
  })),
  ...BIG_ENDIAN.map((e, i) => ({
    name: `<i2 stored as ${e}`,
    config: { id: "astype", encode_dtype: e, decode_dtype: "<i2" },
    dtype: "<i2",
    data: data("<i2", e, 600 + i),
  })),
  {
    name: "float64 to float16 rounding (ties, subnormals, overflow)",
    config: { id: "astype", encode_dtype: "<f2", decode_dtype: "<f8" },
    dtype: "<f8",
    data: bytesOf(
      Float64Array.from([
        2049,
        2051,
        2050.0000001,
        65519.99,
        65520,
        -65520,
        1e-8,
        3e-8,
        2 ** -25,
        2 ** -24 * 1.5,
        -0,
        0.1,
        1 / 3,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ]),
    ),
  },
  {
    name: "int64 to float32 rounding (beyond 2^53)",
    config: { id: "astype", encode_dtype: "<f4", decode_dtype: "<i8" },
    dtype: "<i8",
    data: bytesOf(
      BigInt64Array.from([
        (1n << 62n) + (1n << 38n) + 1n,
        (1n << 62n) + (1n << 38n),
        (1n << 62n) + (3n << 38n),
        -((1n << 60n) + (1n << 36n) + 1n),
        (1n << 53n) + 1n,
        9007199254740993n,
      ]),
    ),
  },
];

const REPRS = [
  { id: "astype", encode_dtype: "f4", decode_dtype: "f8" },
  { id: "astype", encode_dtype: "<i8", decode_dtype: ">i4" },
  { id: "astype", encode_dtype: "u1", decode_dtype: "bool" },
  { id: "astype", encode_dtype: "float16", decode_dtype: "float32" },
];

let ref: Reference;

beforeAll(() => {
  for (const c of CASES) c.ours = AsType.fromConfig(c.config as never).encode(c.data!);
  ref = reference(REPRS, CASES);
});

describe("AsType against numcodecs 0.11", () => {
  it("prints and configures as numcodecs does", () => {
    expect(reprMismatches(REPRS, ref.reprs, (cfg) => AsType.fromConfig(cfg as never))).toEqual([]);
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("%s: same bytes both ways", (_n, i) => {
    const c = CASES[i]!;
    const codec = AsType.fromConfig(c.config as never);
    expect(bothWaysMismatches(codec, c.ours, ref.results[i]!)).toEqual([]);
  });

  it("round-trips every type through a wider type exactly", () => {
    const wider: Record<string, string> = { b: "|u1", i: "<i8", u: "<u8", f: "<f8" };
    for (const d of [...TYPES, ...BIG_ENDIAN]) {
      const dt = parseDataType(d);
      const codec = new AsType({ encode_dtype: wider[dt.kind]!, decode_dtype: d });
      const input = data(d, d, 7);
      expect(codec.decode(codec.encode(input)), d).toEqual(input);
    }
  });
});

function chunkValues(entry: FixtureEntry, decode: (raw: Uint8Array) => ArrayLike<number>) {
  const [rows, cols] = entry.shape as [number, number];
  const [cr, cc] = entry.chunks as [number, number];
  const checked: number[] = [];
  for (let bi = 0; bi * cr < rows; bi++) {
    for (let bj = 0; bj * cc < cols; bj++) {
      const got = decode(new Uint8Array(readFileSync(fixturePath(entry, `${bi}.${bj}`))));
      for (let r = 0; r < cr && bi * cr + r < rows; r++) {
        for (let c = 0; c < cc && bj * cc + c < cols; c++) {
          const i = (bi * cr + r) * cols + bj * cc + c;
          expect(got[r * cc + c]).toBe(entry.values[i]);
          checked.push(i);
        }
      }
    }
  }
  return checked.length;
}

describe("AsType fixtures written by zarr-python", () => {
  it("decodes filter_astype (float64 stored as float32)", () => {
    const [entry] = fixturesWith("filter:astype").filter((f) => f.filters!.length === 1);
    const codec = AsType.fromConfig(entry!.filters![0]!);
    const n = chunkValues(entry!, (raw) => {
      const b = codec.decode(raw);
      return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
    });
    expect(n).toBe(37 * 23);
  });

  it("decodes its step of filters_chain (delta, then int32 stored as int64, zlib)", () => {
    const [entry] = fixturesWith("filter:delta", "filter:astype");
    expect(entry!.filters!.map((f) => f.id)).toEqual(["delta", "astype"]);
    const codec = AsType.fromConfig(entry!.filters![1]!);
    const n = chunkValues(entry!, (raw) => {
      const b = codec.decode(new Uint8Array(inflateSync(raw)));
      const diffs = new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4);
      // the delta step, written out here: a running sum
      const values = new Int32Array(diffs.length);
      let acc = 0;
      diffs.forEach((d, i) => {
        acc += d;
        values[i] = acc;
      });
      return values;
    });
    expect(n).toBe(37 * 23);
  });
});

describe("AsType in the pipeline", () => {
  it("reports the stored type and size", () => {
    const info: ChunkInfo = { dtype: "<f8", itemsize: 8, shape: [10, 7], nbytes: 560 };
    expect(new AsType({ encode_dtype: "f4", decode_dtype: "f8" }).encodedInfo(info)).toEqual({
      dtype: "<f4",
      itemsize: 4,
      shape: [10, 7],
      nbytes: 280,
    });
  });

  it("is registered under its numcodecs id", async () => {
    const codec = await getCodec({ id: "astype", encode_dtype: "<i8", decode_dtype: "<i4" });
    expect(codec).toBeInstanceOf(AsType);
  });

  it("rejects bad configuration with the filter id and field", () => {
    expect(() => new AsType({ encode_dtype: "<U4", decode_dtype: "<f8" })).toThrow(
      /astype: "encode_dtype" "<U4".*not supported/,
    );
    expect(() => new AsType({ encode_dtype: "<f4", decode_dtype: "<c16" })).toThrow(
      /astype: "decode_dtype"/,
    );
    expect(() => new AsType({ encode_dtype: "<f4" } as never)).toThrow(
      /astype: "decode_dtype" is required/,
    );
    expect(() =>
      AsType.fromConfig({ id: "astype", encode_dtype: "f4", decode_dtype: "f8", x: 1 }),
    ).toThrow(/astype: unknown configuration key "x"/);
    const codec = new AsType({ encode_dtype: "<f4", decode_dtype: "<f8" });
    expect(() => codec.decode(new Uint8Array(6))).toThrow(/astype: 6 bytes/);
    expect(() => codec.encode(new Uint8Array(8), { dtype: "|O", itemsize: 8, shape: [1] })).toThrow(
      /astype: cannot convert \|O/,
    );
  });
});
