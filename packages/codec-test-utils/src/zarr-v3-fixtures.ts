import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES_DIR } from "@zarrkit/test-utils";

/** `fixtures/zarr-v3`: Zarr v3 stores written by zarr-python 3.1 (see its README.md). */
export const FIXTURES_V3 = join(FIXTURES_DIR, "zarr-v3");

/** One array of `fixtures/zarr-v3/MANIFEST.json`; `values` are as an independent reader read them. */
export interface V3FixtureEntry {
  store: string;
  array: string;
  data_type: string;
  shape: number[];
  codecs: string[];
  values: unknown[];
}

/** A v3 fixture array: its `zarr.json`, its manifest entry, and raw access to its chunk files. */
export interface V3Fixture {
  entry: V3FixtureEntry;
  meta: {
    data_type: string;
    shape: number[];
    chunk_grid: { configuration: { chunk_shape: number[] } };
    codecs: { name: string; configuration?: Record<string, unknown> }[];
    [key: string]: unknown;
  };
  /** The stored bytes of chunk `key` (`c/0`, `c/1/0`), or undefined when the file is absent. */
  chunk(key: string): Uint8Array | undefined;
}

let manifest: V3FixtureEntry[] | undefined;

export function v3FixtureManifest(): V3FixtureEntry[] {
  manifest ??= (
    JSON.parse(readFileSync(join(FIXTURES_V3, "MANIFEST.json"), "utf8")) as {
      fixtures: V3FixtureEntry[];
    }
  ).fixtures;
  return manifest;
}

/** The fixture array `name` of `data.zarr`; throws (never skips) when the fixtures are missing. */
export function v3Fixture(name: string): V3Fixture {
  const entry = v3FixtureManifest().find((e) => e.store === "data.zarr" && e.array === name);
  if (!entry) throw new Error(`no v3 fixture array "${name}" in ${FIXTURES_V3}/MANIFEST.json`);
  const dir = join(FIXTURES_V3, entry.store, entry.array);
  const meta = JSON.parse(readFileSync(join(dir, "zarr.json"), "utf8")) as V3Fixture["meta"];
  return {
    entry,
    meta,
    chunk(key) {
      const path = join(dir, ...key.split("/"));
      return existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
    },
  };
}

/**
 * The chunk keys (`c/0/1`) of a fixture array whose chunks tile it exactly, in C order, so
 * that chunk `i` holds elements `i * n` to `(i + 1) * n` of the array's values.
 */
export function tilingChunkKeys(f: V3Fixture): string[] {
  const chunkShape = f.meta.chunk_grid.configuration.chunk_shape;
  const grid = f.meta.shape.map((s, d) => {
    if (s % chunkShape[d]! !== 0)
      throw new Error(
        `${f.entry.array}: shape ${f.meta.shape} is not a whole number of ${chunkShape} chunks`,
      );
    return s / chunkShape[d]!;
  });
  let keys = [""];
  for (const n of grid)
    keys = keys.flatMap((k) => Array.from({ length: n }, (_, i) => `${k}/${i}`));
  return keys.map((k) => `c${k}`);
}

/** The manifest arrays whose codec list (sharding's inner codecs not included) names `codec`. */
export function v3FixturesUsing(codec: string): V3FixtureEntry[] {
  return v3FixtureManifest().filter((e) => e.store === "data.zarr" && e.codecs.includes(codec));
}

/**
 * The inner chunks of a shard whose index is at the end, encoded with `bytes` (little endian)
 * and `crc32c`, as zarr-python 3 writes it: for each inner chunk in C order its bytes, or
 * undefined for an empty one (offset and length both 2^64-1). Read by hand, so codec tests can
 * decode inner chunks without core's sharding codec.
 */
export function shardInnerChunks(
  shard: Uint8Array,
  innerCount: number,
): (Uint8Array | undefined)[] {
  const indexBytes = innerCount * 16 + 4;
  if (shard.length < indexBytes) {
    throw new Error(`a shard of ${shard.length} bytes cannot hold a ${indexBytes}-byte index`);
  }
  const view = new DataView(shard.buffer, shard.byteOffset + shard.length - indexBytes, indexBytes);
  const out: (Uint8Array | undefined)[] = [];
  for (let i = 0; i < innerCount; i++) {
    const offset = view.getBigUint64(16 * i, true);
    const length = view.getBigUint64(16 * i + 8, true);
    if (offset === 0xffffffffffffffffn && length === 0xffffffffffffffffn) out.push(undefined);
    else out.push(shard.subarray(Number(offset), Number(offset + length)));
  }
  return out;
}

/** IEEE 754 half precision bits as a number (Node 20 has no Float16Array). */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * The elements of raw chunk bytes of a v3 numeric `data_type` ("int16", "float32", "bool"...)
 * in the given byte order, as JS numbers (booleans for bool), read with DataView by hand so the
 * codec under test does not decide what the bytes mean.
 */
export function rawValues(
  bytes: Uint8Array,
  dataType: string,
  endian: "little" | "big" = "little",
): unknown[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = endian === "little";
  const readers: Record<string, [number, (p: number) => unknown]> = {
    bool: [1, (p) => view.getUint8(p) !== 0],
    int8: [1, (p) => view.getInt8(p)],
    uint8: [1, (p) => view.getUint8(p)],
    int16: [2, (p) => view.getInt16(p, le)],
    uint16: [2, (p) => view.getUint16(p, le)],
    int32: [4, (p) => view.getInt32(p, le)],
    uint32: [4, (p) => view.getUint32(p, le)],
    float16: [2, (p) => half(view.getUint16(p, le))],
    float32: [4, (p) => view.getFloat32(p, le)],
    float64: [8, (p) => view.getFloat64(p, le)],
  };
  const reader = readers[dataType];
  if (!reader) throw new Error(`rawValues: no reader for data type "${dataType}"`);
  const [size, read] = reader;
  if (bytes.length % size !== 0) {
    throw new Error(`rawValues: ${bytes.length} bytes are not whole ${dataType} elements`);
  }
  return Array.from({ length: bytes.length / size }, (_, i) => read(i * size));
}

/**
 * Reorders the C-order elements of an array of `shape` stored transposed by the v3 transpose
 * codec with `order` (the stored array's axis k is the original's axis order[k]) back to C order.
 */
export function untranspose<T>(
  stored: readonly T[],
  shape: readonly number[],
  order: readonly number[],
): T[] {
  const storedShape = order.map((a) => shape[a]!);
  const storedStrides = stridesOf(storedShape);
  const out: T[] = [];
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let p = 0;
    for (let k = 0; k < order.length; k++) p += idx[order[k]!]! * storedStrides[k]!;
    out.push(stored[p]!);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return strides;
}

/**
 * The whole array of a v3 fixture as C-order values, put together chunk by chunk from the
 * chunk files (default `c/i/j` keys) with `decodeChunk`, which turns one stored chunk into the
 * C-order values of a full chunk; absent chunks hold `fill`.
 */
export async function assembleV3Array(
  fixture: V3Fixture,
  decodeChunk: (bytes: Uint8Array, chunkShape: readonly number[]) => unknown[] | Promise<unknown[]>,
  fill: unknown = 0,
): Promise<unknown[]> {
  const shape = fixture.meta.shape;
  const chunkShape = fixture.meta.chunk_grid.configuration.chunk_shape;
  const out = new Array<unknown>(shape.reduce((a, b) => a * b, 1)).fill(fill);
  const strides = stridesOf(shape);
  const grid = shape.map((s, d) => Math.ceil(s / chunkShape[d]!));
  const chunkCount = grid.reduce((a, b) => a * b, 1);
  const chunkStrides = stridesOf(chunkShape);
  const chunkSize = chunkShape.reduce((a, b) => a * b, 1);
  for (let c = 0; c < chunkCount; c++) {
    const coords = grid.map((_, d) => Math.floor(c / stridesOf(grid)[d]!) % grid[d]!);
    const bytes = fixture.chunk(`c/${coords.join("/")}`);
    if (bytes === undefined) continue;
    const values = await decodeChunk(bytes, chunkShape);
    if (values.length !== chunkSize) {
      throw new Error(
        `chunk ${coords.join("/")} decoded to ${values.length} values, not ${chunkSize}`,
      );
    }
    for (let i = 0; i < chunkSize; i++) {
      let p = 0;
      let inside = true;
      for (let d = 0; d < shape.length; d++) {
        const x = coords[d]! * chunkShape[d]! + (Math.floor(i / chunkStrides[d]!) % chunkShape[d]!);
        if (x >= shape[d]!) inside = false;
        p += x * strides[d]!;
      }
      if (inside) out[p] = values[i];
    }
  }
  return out;
}

/**
 * One shard of a sharded fixture seen as a small array of its inner chunks (index at the end,
 * as zarr-python 3 writes it by default), so `assembleV3Array` can put a shard together from
 * inner chunks decoded by hand.
 */
export function shardAsFixture(
  shard: Uint8Array,
  shardShape: readonly number[],
  innerShape: readonly number[],
): V3Fixture {
  const grid = shardShape.map((s, d) => Math.ceil(s / innerShape[d]!));
  const inner = shardInnerChunks(
    shard,
    grid.reduce((a, b) => a * b, 1),
  );
  const strides = stridesOf(grid);
  return {
    entry: { store: "", array: "", data_type: "", shape: [...shardShape], codecs: [], values: [] },
    meta: {
      data_type: "",
      shape: [...shardShape],
      chunk_grid: { configuration: { chunk_shape: [...innerShape] } },
      codecs: [],
    },
    chunk(key) {
      const coords = key.split("/").slice(1).map(Number);
      return inner[coords.reduce((p, c, d) => p + c * strides[d]!, 0)];
    },
  };
}
