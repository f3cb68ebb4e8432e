// Seeded random v3 arrays for the zarrita.js round trips: shape, inner chunk and shard shapes,
// data type, codec chain, fill value and the values themselves all come from one generator,
// so a seed names a reproducible set of cases (ZARRKIT_V3_SEED overrides the default).
import { rng } from "@zarrkit/codec-test-utils";

export const DEFAULT_SEED = 20261130;

export function seedFromEnv(): number {
  const text = process.env.ZARRKIT_V3_SEED;
  if (text === undefined || text === "") return DEFAULT_SEED;
  const seed = Number(text);
  if (!Number.isInteger(seed)) throw new Error(`ZARRKIT_V3_SEED must be an integer, got ${text}`);
  return seed;
}

export type V3Name =
  | "bool"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "float16"
  | "float32"
  | "float64"
  | "string";

export interface V3Codec {
  name: string;
  configuration?: Record<string, unknown>;
}

export type Compressor = "none" | "blosc" | "zstd" | "gzip";

export interface RandomCase {
  label: string;
  dtype: V3Name;
  shape: number[];
  /** The chunk shape the data is encoded in (inside a shard when `shards` is set). */
  chunks: number[];
  shards: number[] | null;
  /** Inner chunk shape of a shard nested inside each inner chunk (sharding twice). */
  nested: number[] | null;
  endian: "little" | "big";
  /** Axis order of a transpose codec before the array->bytes codec. */
  transpose: number[] | null;
  /** numcodecs.delta before the array->bytes codec (integers only: on floats it rounds). */
  delta: boolean;
  compressor: Compressor;
  crc32c: boolean;
  indexLocation: "start" | "end";
  indexCrc32c: boolean;
  fillValue: number | boolean | string | bigint;
  dimensionNames: (string | null)[] | null;
  /** How chunk coordinates become keys: `default` is `c/1/2`, `v2` is `1.2` (with these separators). */
  chunkKeyEncoding: { name: "default" | "v2"; separator: "/" | "." };
  /**
   * How zarrkit is told: `options` uses chunks/shards/order/compressor, `codecs` hands over
   * the whole v3 codec list. Only cases the options can express get `options`.
   */
  style: "options" | "codecs";
  /** Regions written one after another, as [start, stop) per dimension, values in C order. */
  writes: { start: number[]; stop: number[]; values: unknown[] }[];
  /** The whole array after the writes, C order (fill value where nothing was written). */
  expected: unknown[];
}

const INT_RANGE: Record<string, [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
};

export class CaseGenerator {
  readonly #r: () => number;
  constructor(seed: number) {
    this.#r = rng(seed);
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.#r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  chance(p: number): boolean {
    return this.#r() < p;
  }

  value(dtype: V3Name): unknown {
    if (dtype === "bool") return this.chance(0.5);
    if (dtype in INT_RANGE) {
      const [lo, hi] = INT_RANGE[dtype]!;
      // The extremes show up often: they are where byte order and sign bugs live.
      return this.chance(0.1) ? this.pick([lo, hi]) : this.int(lo, hi);
    }
    if (dtype === "int64" || dtype === "uint64") {
      const hi = BigInt(this.int(0, 0xffffffff));
      const lo = BigInt(this.int(0, 0xffffffff));
      const u = (hi << 32n) | lo;
      return dtype === "uint64" ? u : BigInt.asIntN(64, u);
    }
    // Eighths up to 256 are exact in float16, so every implementation holds the same value.
    if (dtype === "float16") return this.int(-2048, 2048) / 8;
    if (dtype === "float32" || dtype === "float64") {
      if (this.chance(0.05))
        return this.pick([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
      const x = (this.#r() - 0.5) * 2000;
      return dtype === "float32" ? Math.fround(x) : x;
    }
    const alphabet = ["a", "b", "z", "é", "ß", "漢", "🙂", " ", "_"];
    const n = this.int(0, 6);
    let s = "";
    for (let i = 0; i < n; i++) s += this.pick(alphabet);
    return s;
  }

  fill(dtype: V3Name): number | boolean | string | bigint {
    if (dtype === "bool") return this.chance(0.5);
    if (dtype === "string") return this.pick(["", "fill"]);
    if (dtype === "float32" || dtype === "float64") return this.pick([0, -1.5, Number.NaN]);
    if (dtype === "float16") return this.pick([0, 2.5]);
    if (dtype.startsWith("uint")) return this.pick([0, 7]);
    return this.pick([0, -3]);
  }
}

/** Multiples of `unit` per dimension between unit and about twice the shape. */
function coarser(g: CaseGenerator, unit: number[], shape: number[]): number[] {
  return unit.map((u, d) => u * g.int(1, Math.max(1, Math.ceil(shape[d]! / u))));
}

function permutation(g: CaseGenerator, n: number): number[] {
  const p = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = g.int(0, i);
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

function flatIndex(idx: number[], shape: number[]): number {
  let k = 0;
  for (let d = 0; d < shape.length; d++) k = k * shape[d]! + idx[d]!;
  return k;
}

/** Every index of a box [start, stop), C order. */
export function* boxIndices(start: number[], stop: number[]): Generator<number[]> {
  const n = start.length;
  if (stop.some((s, d) => s <= start[d]!)) return;
  const idx = [...start];
  while (true) {
    yield [...idx];
    let d = n - 1;
    while (d >= 0) {
      idx[d]!++;
      if (idx[d]! < stop[d]!) break;
      idx[d] = start[d]!;
      d--;
    }
    if (d < 0) return;
  }
}

export interface CaseLimits {
  dtypes: readonly V3Name[];
  compressors: readonly Compressor[];
  /** zarrita cannot write shards or crc32c; zarrkit can. */
  sharding: boolean;
  crc32c: boolean;
  /** Partial writes (read-modify-write, unwritten chunks). */
  partialWrites: boolean;
}

export function randomCase(g: CaseGenerator, index: number, limits: CaseLimits): RandomCase {
  // Options can say less than a codec list: decide first, then draw only what they can say.
  const style = g.chance(0.35) ? "options" : "codecs";
  const byOptions = style === "options";
  const dtype = g.pick(limits.dtypes);
  const ndim = g.int(1, 3);
  const maxExtent = ndim === 1 ? 40 : ndim === 2 ? 14 : 7;
  const shape = Array.from({ length: ndim }, () => g.int(1, maxExtent));
  const chunks = shape.map((s) => g.int(1, Math.min(s + 2, 8)));
  const sharded = limits.sharding && g.chance(0.6);
  const nested = sharded && !byOptions && g.chance(0.25) ? chunks.map((c) => g.int(1, c)) : null;
  // Nested sharding needs inner chunks that are multiples of the innermost ones.
  const inner = nested ? chunks.map((c, d) => Math.ceil(c / nested[d]!) * nested[d]!) : chunks;
  const shards = sharded ? coarser(g, inner, shape) : null;
  // zarrita.js 0.7.5 byte-swaps bool data in groups of 4 under endian "big" (its BoolArray has
  // no static BYTES_PER_ELEMENT), so bool stays little here; zarrita-interop.test.ts checks
  // zarrkit's big-endian bool bytes directly.
  const endian =
    dtype === "string" || dtype === "bool" || byOptions
      ? "little"
      : g.pick(["little", "big"] as const);
  // order: "F" on a string array writes no transpose in zarrkit (its values are the same
  // either way), so options only ask for F order on other types.
  const transpose =
    ndim > 1 && !(byOptions && dtype === "string") && g.chance(0.35)
      ? byOptions
        ? [...Array(ndim).keys()].reverse()
        : permutation(g, ndim)
      : null;
  const delta = !byOptions && /int/.test(dtype) && g.chance(0.25);
  const compressor = g.pick(limits.compressors);
  const crc32c = limits.crc32c && !byOptions && g.chance(0.3);
  // zarr-python 3's defaults (index at the end, checksummed) are what the options give.
  const indexLocation = byOptions ? "end" : g.pick(["start", "end"] as const);
  const indexCrc32c = byOptions || g.chance(0.7);
  const fillValue = g.fill(dtype);
  const chunkKeyEncoding = g.pick([
    { name: "default", separator: "/" },
    { name: "default", separator: "/" },
    { name: "default", separator: "." },
    { name: "v2", separator: "." },
    { name: "v2", separator: "/" },
  ] as const);
  const dimensionNames = g.chance(0.4)
    ? shape.map((_, d) => (g.chance(0.8) ? ["y", "x", "t", "depth"][d]! : null))
    : null;

  const size = shape.reduce((a, b) => a * b, 1);
  const expected: unknown[] = Array.from({ length: size }, () =>
    typeof fillValue === "bigint" || dtype === "int64" || dtype === "uint64"
      ? BigInt(fillValue as number)
      : fillValue,
  );
  const writes: RandomCase["writes"] = [];
  const partial = limits.partialWrites && g.chance(0.5);
  if (!partial) {
    const values = Array.from({ length: size }, () => g.value(dtype));
    values.forEach((v, i) => {
      expected[i] = v;
    });
    writes.push({ start: shape.map(() => 0), stop: [...shape], values });
  } else {
    for (let w = g.int(1, 3); w > 0; w--) {
      const start = shape.map((s) => g.int(0, s - 1));
      const stop = start.map((a, d) => g.int(a + 1, shape[d]!));
      const values: unknown[] = [];
      for (const idx of boxIndices(start, stop)) {
        const v = g.value(dtype);
        values.push(v);
        expected[flatIndex(idx, shape)] = v;
      }
      writes.push({ start, stop, values });
    }
  }
  const parts = [
    dtype,
    `shape ${shape.join("x")}`,
    sharded ? `shards ${shards!.join("x")} of ${chunks.join("x")}` : `chunks ${chunks.join("x")}`,
    nested ? `nested ${nested.join("x")}` : "",
    endian === "big" ? "big-endian" : "",
    transpose ? `transpose ${transpose.join(",")}` : "",
    delta ? "numcodecs.delta" : "",
    compressor === "none" ? "" : compressor,
    crc32c ? "crc32c" : "",
    sharded ? `index at ${indexLocation}${indexCrc32c ? " + crc32c" : ""}` : "",
    chunkKeyEncoding.name === "default" && chunkKeyEncoding.separator === "/"
      ? ""
      : `keys ${chunkKeyEncoding.name} "${chunkKeyEncoding.separator}"`,
    partial ? `${writes.length} partial writes` : "",
    style,
  ].filter((x) => x !== "");
  return {
    label: `#${index}: ${parts.join(", ")}`,
    dtype,
    shape,
    chunks: inner,
    shards,
    nested,
    endian,
    transpose,
    delta,
    compressor,
    crc32c,
    indexLocation,
    indexCrc32c,
    fillValue,
    dimensionNames,
    chunkKeyEncoding: { ...chunkKeyEncoding },
    style,
    writes,
    expected,
  };
}

function compressorCodec(c: Compressor, dtype: V3Name): V3Codec[] {
  const typesize =
    { bool: 1, string: 1, float16: 2 }[dtype as string] ?? Number(dtype.replace(/\D/g, "")) / 8;
  if (c === "blosc")
    return [
      {
        name: "blosc",
        configuration: { cname: "lz4", clevel: 5, shuffle: "shuffle", typesize, blocksize: 0 },
      },
    ];
  if (c === "zstd") return [{ name: "zstd", configuration: { level: 3, checksum: false } }];
  if (c === "gzip") return [{ name: "gzip", configuration: { level: 1 } }];
  return [];
}

/** The chain that encodes one (innermost) chunk. */
function chunkCodecs(c: RandomCase): V3Codec[] {
  return [
    ...(c.transpose ? [{ name: "transpose", configuration: { order: c.transpose } }] : []),
    ...(c.delta ? [{ name: "numcodecs.delta", configuration: { dtype: c.dtype } }] : []),
    c.dtype === "string"
      ? { name: "vlen-utf8" }
      : { name: "bytes", configuration: { endian: c.endian } },
    ...compressorCodec(c.compressor, c.dtype),
    ...(c.crc32c ? [{ name: "crc32c" }] : []),
  ];
}

function sharding(chunkShape: number[], codecs: V3Codec[], c: RandomCase): V3Codec {
  return {
    name: "sharding_indexed",
    configuration: {
      chunk_shape: chunkShape,
      codecs,
      index_codecs: [
        { name: "bytes", configuration: { endian: "little" } },
        ...(c.indexCrc32c ? [{ name: "crc32c" }] : []),
      ],
      index_location: c.indexLocation,
    },
  };
}

/** The case's whole v3 codec list, as it appears in zarr.json. */
export function codecsOf(c: RandomCase): V3Codec[] {
  if (!c.shards) return chunkCodecs(c);
  const innermost = c.nested ? [sharding(c.nested, chunkCodecs(c), c)] : chunkCodecs(c);
  return [sharding(c.chunks, innermost, c)];
}

/** The store key of a chunk (or shard) under the case's chunk key encoding. */
export function chunkKey(c: RandomCase, coords: number[]): string {
  const { name, separator } = c.chunkKeyEncoding;
  if (name === "v2") return coords.length === 0 ? "0" : coords.join(separator);
  return ["c", ...coords].join(separator);
}
