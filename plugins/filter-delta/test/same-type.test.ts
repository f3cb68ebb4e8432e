// The same-type fast path (astype == dtype, little-endian integers, float32, float64) with the
// WebAssembly SIMD kernels and with the JavaScript loops, against numcodecs 0.11 run live.
import { type RefResult, reference, rng, sameBytes } from "@zarrkit/codec-test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Delta, loadDeltaKernels, setDeltaKernelsEnabled } from "../src/index.js";
import { WINDOW } from "../src/wasm/delta-kernels.js";

const FAST = ["|i1", "|u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f4", "<f8"];
const size = (d: string) => Number(d.slice(2));

// Around the 16-byte vector width, odd counts, and chunks that span two and three kernel
// windows (the window boundary then falls inside a vector's reach of the element before).
const LENGTHS = (d: string) => [
  1,
  2,
  3,
  7,
  15,
  16,
  17,
  31,
  32,
  33,
  255,
  1001,
  WINDOW / size(d) + 1,
  (2 * WINDOW) / size(d) + 7,
];

const bits = (d: string, n: number, f: (i: number) => number | bigint): Uint8Array => {
  const s = size(d);
  const out = new Uint8Array(n * s);
  const v = new DataView(out.buffer);
  for (let i = 0; i < n; i++) {
    const x = f(i);
    if (d === "<f4") v.setFloat32(i * 4, Number(x), true);
    else if (d === "<f8") v.setFloat64(i * 8, Number(x), true);
    else if (s === 8) v.setBigUint64(i * 8, BigInt.asUintN(64, BigInt(x)), true);
    else if (s === 4) v.setUint32(i * 4, Number(x) >>> 0, true);
    else if (s === 2) v.setUint16(i * 2, Number(x) & 0xffff, true);
    else v.setUint8(i, Number(x) & 0xff);
  }
  return out;
};

/** Random bytes: every bit pattern, so integer differences and sums wrap all the time. */
function noise(n: number, seed: number): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
}

const F4_SPECIAL = [0x7fc00000, 0xffc00000, 0x7fa00001, 0xff800123, 0x7f800000, 0xff800000];
const F8_SPECIAL = [0x7ff80000, 0xfff80000, 0x7ff40000, 0xfff00001, 0x7ff00000, 0xfff00000];

/**
 * Floats that exercise NumPy's arithmetic: ordinary values, NaNs (quiet and signalling, both
 * signs, with payloads), infinities, both zeros, subnormals, values whose differences overflow
 * to infinity, and raw random bit patterns.
 */
function floats(d: string, n: number, seed: number): Uint8Array {
  const r = rng(seed);
  const out = bits(d, n, () => 0);
  const v = new DataView(out.buffer);
  const f4 = d === "<f4";
  const max = f4 ? 3.4e38 : 1.7e308;
  const tiny = f4 ? 1.4e-45 : 5e-324;
  for (let i = 0; i < n; i++) {
    const k = Math.floor(r() * 10);
    const at = i * size(d);
    const put = (x: number) => (f4 ? v.setFloat32(at, x, true) : v.setFloat64(at, x, true));
    if (k === 0) put(-0);
    else if (k === 1) put(0);
    else if (k === 2) put(r() < 0.5 ? max : -max);
    else if (k === 3) put(tiny * Math.floor(r() * 5 - 2));
    else if (k === 4) {
      const s = (f4 ? F4_SPECIAL : F8_SPECIAL)[Math.floor(r() * 6)]!;
      if (f4) v.setUint32(at, s, true);
      else {
        v.setUint32(at + 4, s, true);
        v.setUint32(at, s & 1 ? 0 : Math.floor(r() * 2 ** 32), true);
      }
    } else if (k === 5) out.set(noise(size(d), seed * 7919 + i), at);
    else put((r() - 0.5) * 2000);
  }
  return out;
}

/** Integers at and near the type's limits, so differences and running sums overflow. */
function extremes(d: string, n: number): Uint8Array {
  const s = BigInt(size(d) * 8);
  const signed = d[1] === "i";
  const lo = signed ? -(1n << (s - 1n)) : 0n;
  const hi = signed ? (1n << (s - 1n)) - 1n : (1n << s) - 1n;
  const cycle = [hi, lo, hi, hi - 1n, lo + 1n, 0n, -1n, lo, lo, 1n];
  return bits(d, n, (i) => cycle[i % cycle.length]!);
}

interface Case {
  name: string;
  dtype: string;
  data: Uint8Array;
}

const CASES: Case[] = FAST.flatMap((d, j) => [
  ...LENGTHS(d).map((n, k) => ({
    name: `${d} x${n}`,
    dtype: d,
    data: d[1] === "f" ? floats(d, n, 1000 + 37 * j + k) : noise(n * size(d), 1000 + 37 * j + k),
  })),
  ...(d[1] === "f" ? [] : [{ name: `${d} extremes`, dtype: d, data: extremes(d, 103) }]),
]);

const PATHS = [
  { kernels: true, name: "WebAssembly kernels" },
  { kernels: false, name: "JavaScript loops" },
];

/** `bytes` copied into a view whose byteOffset is odd (not a multiple of any item size). */
function unaligned(bytes: Uint8Array): Uint8Array {
  const v = new Uint8Array(bytes.length + 1).subarray(1);
  v.set(bytes);
  return v;
}

let results: RefResult[];
let encodedBy: Uint8Array[][];

beforeAll(async () => {
  expect(await loadDeltaKernels()).toBe(true);
  encodedBy = PATHS.map((p) => {
    setDeltaKernelsEnabled(p.kernels);
    return CASES.map((c) => new Delta({ dtype: c.dtype }).encode(c.data));
  });
  setDeltaKernelsEnabled(true);
  results = reference(
    [],
    CASES.map((c, i) => ({
      config: { id: "delta", dtype: c.dtype },
      dtype: c.dtype,
      data: c.data,
      ours: encodedBy[0]![i],
    })),
  ).results;
}, 120_000);

afterAll(() => setDeltaKernelsEnabled(true));

describe.each(PATHS.map((p, i) => [p.name, i] as const))("same-type Delta, %s", (_n, pi) => {
  const path = PATHS[pi]!;
  beforeAll(() => setDeltaKernelsEnabled(path.kernels));
  afterAll(() => setDeltaKernelsEnabled(true));

  it.each(CASES.map((c, i) => [c.name, i] as const))("%s", (_name, i) => {
    const c = CASES[i]!;
    const r = results[i]!;
    expect(r.error).toBeUndefined();
    const codec = new Delta({ dtype: c.dtype });
    // Encoding: numcodecs' bytes, from aligned and unaligned views alike.
    expect(sameBytes(encodedBy[pi]![i]!, r.theirs)).toBe("equal");
    expect(sameBytes(codec.encode(unaligned(c.data)), r.theirs)).toBe("equal");
    // Decoding numcodecs' encoding: numcodecs' decoding, into a new buffer, into an output
    // buffer (which is returned), and from and into unaligned views.
    expect(sameBytes(codec.decode(r.theirs), r.theirsDecoded)).toBe("equal");
    const out = new Uint8Array(c.data.length);
    expect(codec.decode(r.theirs, out)).toBe(out);
    expect(sameBytes(out, r.theirsDecoded)).toBe("equal");
    const odd = unaligned(new Uint8Array(c.data.length));
    expect(codec.decode(unaligned(r.theirs), odd)).toBe(odd);
    expect(sameBytes(odd, r.theirsDecoded)).toBe("equal");
    if (c.dtype[1] !== "f") {
      // Integer deltas are lossless: the round trip gives the data back.
      expect(sameBytes(codec.decode(r.theirs), c.data)).toBe("equal");
    }
  });
});

describe("numcodecs reads the kernels' encoding", () => {
  it.each(CASES.map((c, i) => [c.name, i] as const))("%s", (_name, i) => {
    expect(sameBytes(results[i]!.oursDecoded!, results[i]!.theirsDecoded)).toBe("equal");
  });
});

describe.each(PATHS.map((p) => [p.name, p.kernels] as const))("empty chunks, %s", (_n, on) => {
  afterAll(() => setDeltaKernelsEnabled(true));

  it.each(FAST)("%s: no elements in, none out", (d) => {
    // numcodecs raises IndexError on an empty array (its `enc[0] = arr[0]`); Zarr never hands
    // a filter an empty chunk, and zarrkit has always returned empty bytes.
    setDeltaKernelsEnabled(on);
    const codec = new Delta({ dtype: d });
    expect(codec.encode(new Uint8Array(0)).length).toBe(0);
    expect(codec.decode(new Uint8Array(0)).length).toBe(0);
  });
});

describe("setDeltaKernelsEnabled", () => {
  it("reports the kernels off while they are disabled", async () => {
    setDeltaKernelsEnabled(false);
    expect(await loadDeltaKernels()).toBe(false);
    setDeltaKernelsEnabled(true);
    expect(await loadDeltaKernels()).toBe(true);
  });
});
