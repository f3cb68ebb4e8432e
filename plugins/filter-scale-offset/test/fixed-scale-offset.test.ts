import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { type ChunkInfo, chunkToBytes, getCodec, parseDataType, PyFloat } from "@zarrkit/core";
import { type FixtureEntry, fixturePath, fixturesWith } from "@zarrkit/test-utils";
import {
  type RefCase,
  type Reference,
  reference,
  rng,
  bothWaysMismatches,
  reprMismatches,
} from "@zarrkit/codec-test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { FixedScaleOffset } from "../src/index.js";

const SPAN: Record<string, [number, number]> = {
  i1: [-128, 127],
  u1: [0, 255],
  i2: [-32768, 32767],
  u2: [0, 65535],
  i4: [-(2 ** 31), 2 ** 31 - 1],
  u4: [0, 2 ** 31 - 1], // NumPy's float-to-uint32 loops agree only below 2^31
  i8: [-(2 ** 52), 2 ** 52],
  u8: [0, 2 ** 52],
  f2: [-60000, 60000],
  f4: [-1e30, 1e30],
  f8: [-1e300, 1e300],
};

/**
 * Values of `dtype` whose encodings land inside `astype`'s range (wrapping included when
 * `overflow` is set), with fractions so that rounding matters, ties included.
 */
function values(
  dtype: string,
  astype: string,
  offset: number,
  scale: number,
  n: number,
  seed: number,
  overflow = false,
): Uint8Array {
  const d = parseDataType(dtype);
  const [lo, hi] = SPAN[parseDataType(astype).str.slice(1)]!;
  const [dlo, dhi] = SPAN[d.str.slice(1)]!;
  const rand = rng(seed);
  const k0 = Math.max(lo, (dlo - offset) * scale) * 0.9;
  const k1 = Math.min(hi, (dhi - offset) * scale) * 0.9;
  const data = Float64Array.from({ length: n }, (_, i) => {
    let k = k0 + (k1 - k0) * rand();
    if (overflow) k = k * 3;
    k = i % 5 === 0 ? Math.round(k) + 0.5 : k; // exact ties for round-half-even
    return offset + k / scale;
  });
  if (d.kind !== "f") {
    const Int =
      d.itemsize === 8
        ? BigInt64Array
        : d.kind === "u"
          ? d.itemsize === 1
            ? Uint8Array
            : d.itemsize === 2
              ? Uint16Array
              : Uint32Array
          : d.itemsize === 1
            ? Int8Array
            : d.itemsize === 2
              ? Int16Array
              : Int32Array;
    const ints =
      d.itemsize === 8
        ? BigInt64Array.from(data, (v) => BigInt(Math.trunc(v)))
        : (Int as Int32ArrayConstructor).from(data, (v) => Math.trunc(v));
    return chunkToBytes(d, ints, n).slice();
  }
  return chunkToBytes(d, d.itemsize === 8 ? data : Float32Array.from(data), n).slice();
}

interface Named extends RefCase {
  name: string;
}

function fso(
  dtype: string,
  astype: string,
  offset: number,
  scale: number,
  seed: number,
  overflow = false,
): Named {
  return {
    name: `${dtype} as ${astype}, offset ${offset}, scale ${scale}${overflow ? ", wrapping" : ""}`,
    config: { id: "fixedscaleoffset", offset, scale, dtype, astype },
    dtype,
    data: values(dtype, astype, offset, scale, 211, seed, overflow),
  };
}

const TARGETS = ["|u1", "|i1", "<u2", "<i2", "<i4", "<u4", "<i8", "<u8", "<f2", "<f4", "<f8"];
const CASES: Named[] = [
  ...TARGETS.map((a, i) => fso("<f8", a, 1000, 10, i)),
  ...TARGETS.map((a, i) => fso("<f4", a, -2.5, 100, 20 + i)),
  ...TARGETS.map((a, i) => fso("<f2", a, 100, 4, 40 + i)),
  ...TARGETS.map((a, i) => fso(">f8", a, 0.001, 1e3, 60 + i)),
  fso("<f8", "|u1", 1000, 10, 80, true),
  fso("<f8", "<i2", -17.25, 0.5, 81, true),
  fso("<f4", "<u2", 3, 1e4, 82),
  fso("<f8", ">i4", 2.5e6, 1e-3, 83),
  fso("<f2", "|u1", 1000, 1, 84), // float16 - 1000 computes in float32 (1000 is a uint16 scalar)
  fso("<f2", "|u1", 0.5, 2, 85),
  // integer data: integer arithmetic in the promoted type, true division back in float64
  fso("<i4", "|u1", 1000, 1, 90),
  fso("<i4", "<i2", -5, 3, 91),
  fso("|u1", "|u1", 5, 2, 92), // uint8 - 5 stays uint8 and wraps, as NumPy does
  fso("|u1", "<i2", 1000, 1, 93), // uint8 - 1000 promotes to uint16
  fso("<u2", "<f4", 0, 0.5, 94), // an int array times a Python float is float64
  fso("<i8", "<i4", 123456789, 2, 95),
  fso(">i2", "|i1", 100, 1, 96),
];

const REPRS = [
  { id: "fixedscaleoffset", offset: 1000, scale: 10, dtype: "f8", astype: "u1" },
  { id: "fixedscaleoffset", offset: 1.5, scale: 0.001, dtype: "<f4" },
  { id: "fixedscaleoffset", offset: 1.25e-7, scale: 1e-30, dtype: ">f8", astype: "<i8" },
  { id: "fixedscaleoffset", offset: -0.25, scale: 0.1, dtype: "f8", astype: "int16" },
  { id: "fixedscaleoffset", offset: 0.0001, scale: 12345.678, dtype: "f2", astype: "f2" },
];

let ref: Reference;
const zlibEntries = fixturesWith("filter:fixedscaleoffset").filter((f) => f.compressor !== null);

beforeAll(() => {
  for (const c of CASES) c.ours = FixedScaleOffset.fromConfig(c.config as never).encode(c.data!);
  ref = reference(REPRS, CASES);
});

describe("FixedScaleOffset against numcodecs 0.11", () => {
  it("prints and configures as numcodecs does", () => {
    expect(
      reprMismatches(REPRS, ref.reprs, (cfg) => FixedScaleOffset.fromConfig(cfg as never)),
    ).toEqual([]);
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("%s: same bytes both ways", (_n, i) => {
    const c = CASES[i]!;
    const codec = FixedScaleOffset.fromConfig(c.config as never);
    expect(bothWaysMismatches(codec, c.ours, ref.results[i]!)).toEqual([]);
  });

  it("rounds half to even", () => {
    const codec = new FixedScaleOffset({ offset: 0, scale: 1, dtype: "<f8", astype: "<i4" });
    const enc = codec.encode(
      new Uint8Array(Float64Array.from([0.5, 1.5, 2.5, -0.5, -1.5, 2.5000001]).buffer),
    );
    expect(Array.from(new Int32Array(enc.buffer, enc.byteOffset, 6))).toEqual([0, 2, 2, 0, -2, 3]);
  });
});

function checkChunks(entry: FixtureEntry, decode: (raw: Uint8Array) => Uint8Array) {
  const [rows, cols] = entry.shape as [number, number];
  const [cr, cc] = entry.chunks as [number, number];
  let n = 0;
  for (let bi = 0; bi * cr < rows; bi++) {
    for (let bj = 0; bj * cc < cols; bj++) {
      const b = decode(new Uint8Array(readFileSync(fixturePath(entry, `${bi}.${bj}`))));
      const got = new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
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

describe("FixedScaleOffset fixtures written by zarr-python", () => {
  it("decodes the uncompressed float64 -> int32 fixture", () => {
    const [entry] = fixturesWith("filter:fixedscaleoffset").filter((f) => f.compressor === null);
    const codec = FixedScaleOffset.fromConfig(entry!.filters![0]!);
    expect(checkChunks(entry!, (raw) => codec.decode(raw))).toBe(37 * 23);
  });

  it("decodes the zlib-compressed float64 -> uint8 fixture", () => {
    expect(zlibEntries.length).toBe(1);
    const entry = zlibEntries[0]!;
    expect(entry.compressor!.id).toBe("zlib");
    const codec = FixedScaleOffset.fromConfig(entry.filters![0]!);
    expect(checkChunks(entry, (raw) => codec.decode(new Uint8Array(inflateSync(raw))))).toBe(
      37 * 23,
    );
  });
});

describe("FixedScaleOffset configuration", () => {
  it("prints large floats as Python does", () => {
    // JSON.parse gives 1e20 for numcodecs' "1e+20"; integers beyond 2^53 are taken as floats
    const codec = new FixedScaleOffset({ offset: 1e20, scale: 1e-30, dtype: "<f8" });
    expect(codec.toString()).toBe("FixedScaleOffset(scale=1e-30, offset=1e+20, dtype='<f8')");
  });

  it("keeps Python's int/float distinction when given a PyFloat", () => {
    const codec = new FixedScaleOffset({
      offset: new PyFloat(1000),
      scale: new PyFloat(10),
      dtype: "f8",
      astype: "u1",
    });
    expect(codec.toString()).toBe(
      "FixedScaleOffset(scale=10.0, offset=1000.0, dtype='<f8', astype='|u1')",
    );
    expect(codec.toConfig().scale).toBeInstanceOf(PyFloat);
    // An int32 array minus a Python float is float64; minus a Python int it stays int32.
    const asFloat = new FixedScaleOffset({
      offset: new PyFloat(0),
      scale: new PyFloat(1),
      dtype: "<i4",
    });
    const asInt = new FixedScaleOffset({ offset: 0, scale: 1, dtype: "<i4", astype: "<f8" });
    const x = new Uint8Array(Int32Array.from([7, -3]).buffer);
    expect(asFloat.decode(asFloat.encode(x))).toEqual(x);
    expect(new Float64Array(asInt.encode(x).buffer)).toEqual(Float64Array.from([7, -3]));
  });

  it("reports the stored type", () => {
    const info: ChunkInfo = { dtype: "<f8", itemsize: 8, shape: [10, 7], nbytes: 560 };
    expect(
      new FixedScaleOffset({ offset: 0, scale: 1, dtype: "f8", astype: "u1" }).encodedInfo(info),
    ).toEqual({
      ...info,
      dtype: "|u1",
      itemsize: 1,
      nbytes: 70,
    });
  });

  it("is registered under its numcodecs id", async () => {
    const codec = await getCodec({ id: "fixedscaleoffset", offset: 0, scale: 1, dtype: "<f8" });
    expect(codec).toBeInstanceOf(FixedScaleOffset);
  });

  it("names the filter and field in errors", () => {
    const ok = { offset: 0, scale: 1, dtype: "<f8" };
    expect(() => new FixedScaleOffset({ ...ok, dtype: "|b1" })).toThrow(
      /fixedscaleoffset: "dtype" "\|b1".*not supported/,
    );
    expect(() => new FixedScaleOffset({ ...ok, astype: "<U2" })).toThrow(
      /fixedscaleoffset: "astype"/,
    );
    expect(() => new FixedScaleOffset({ ...ok, scale: 0 })).toThrow(
      /fixedscaleoffset: "scale" must be finite and non-zero/,
    );
    expect(() => new FixedScaleOffset({ ...ok, offset: "1" as never })).toThrow(
      /fixedscaleoffset: "offset" must be a number/,
    );
    expect(() => new FixedScaleOffset({ dtype: "<f8", scale: 1 } as never)).toThrow(
      /fixedscaleoffset: "offset" is required/,
    );
    const codec = new FixedScaleOffset(ok);
    expect(() => codec.encode(new Uint8Array(8), { dtype: "|O", itemsize: 8, shape: [1] })).toThrow(
      /fixedscaleoffset: cannot scale \|O/,
    );
    expect(() => codec.decode(new Uint8Array(9))).toThrow(/fixedscaleoffset: 9 bytes/);
  });
});
