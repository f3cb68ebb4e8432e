/**
 * The workloads of the benchmark (see bench/README.md). Every library runs the same ones on
 * the same data: int32 values `(i * 7 + j) % 1000` (row i, column j), a smooth field that
 * compresses the way real gridded data does; W4 uses float64 `(i * 7 + j) % 1000 / 10`.
 */
export type CompressorSpec =
  | { id: "blosc"; cname: "lz4"; clevel: 5; shuffle: 1 }
  | { id: "zlib"; level: 1 }
  | null;

export interface Workload {
  id: string;
  title: string;
  shape: [number, number];
  chunks: [number, number];
  dtype: "int32" | "float64";
  compressor: CompressorSpec;
  store: "memory" | "directory";
  /**
   * What is timed: writing the whole array, reading it, or partial reads; `read-out` times a
   * whole read into a new buffer and one into a buffer kept between reads, alternating.
   */
  op: "write" | "read" | "partial" | "read-out";
  /** Partial reads only: read each selection into a buffer kept between reads (`out`). */
  intoOut?: boolean;
  /** Zarr format zarrkit writes (default 2; zarrita.js always writes v3). */
  zarrFormat?: 2 | 3;
  /** Shard shape (v3 only): `chunks` are then the inner chunks. */
  shards?: [number, number];
}

const BLOSC: CompressorSpec = { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1 };
const BIG: Pick<Workload, "shape" | "chunks" | "dtype"> = {
  shape: [10000, 10000],
  chunks: [1000, 1000],
  dtype: "int32",
};

export const WORKLOADS: Workload[] = [
  {
    id: "W1",
    title: "write 10000² int32, Blosc lz4, memory",
    ...BIG,
    compressor: BLOSC,
    store: "memory",
    op: "write",
  },
  {
    id: "W2",
    title: "read 10000² int32, Blosc lz4, memory",
    ...BIG,
    compressor: BLOSC,
    store: "memory",
    op: "read",
  },
  {
    id: "W3",
    title: "z[0,:] / z[:,0] / z[5000:5100,5000:5100]",
    ...BIG,
    compressor: BLOSC,
    store: "memory",
    op: "partial",
  },
  {
    id: "W4w",
    title: "write 4000² float64, 100² chunks, no compressor",
    shape: [4000, 4000],
    chunks: [100, 100],
    dtype: "float64",
    compressor: null,
    store: "memory",
    op: "write",
  },
  {
    id: "W4r",
    title: "read 4000² float64, 100² chunks, no compressor",
    shape: [4000, 4000],
    chunks: [100, 100],
    dtype: "float64",
    compressor: null,
    store: "memory",
    op: "read",
  },
  {
    id: "W2o",
    title: "read 10000² int32, Blosc lz4, memory",
    ...BIG,
    compressor: BLOSC,
    store: "memory",
    op: "read-out",
  },
  {
    id: "W3o",
    title: "into out",
    ...BIG,
    compressor: BLOSC,
    store: "memory",
    op: "partial",
    intoOut: true,
  },
  {
    id: "W4o",
    title: "read 4000² float64, 100² chunks, no compressor",
    shape: [4000, 4000],
    chunks: [100, 100],
    dtype: "float64",
    compressor: null,
    store: "memory",
    op: "read-out",
  },
  {
    id: "W5w",
    title: "write 10000² int32, Blosc lz4, directory",
    ...BIG,
    compressor: BLOSC,
    store: "directory",
    op: "write",
  },
  {
    id: "W5r",
    title: "read 10000² int32, Blosc lz4, directory",
    ...BIG,
    compressor: BLOSC,
    store: "directory",
    op: "read",
  },
  {
    id: "W6w",
    title: "write 10000² int32, Zlib level 1, memory",
    ...BIG,
    compressor: { id: "zlib", level: 1 },
    store: "memory",
    op: "write",
  },
  {
    id: "W6r",
    title: "read 10000² int32, Zlib level 1, memory",
    ...BIG,
    compressor: { id: "zlib", level: 1 },
    store: "memory",
    op: "read",
  },
];

/**
 * Side of the v3 rows' square array: 10000 like W1-W3 unless ZARRKIT_BENCH_V3_SIZE says less
 * (the whole run takes minutes per row on a busy shared machine). The children inherit it.
 */
const V3_SIZE = Number(process.env.ZARRKIT_BENCH_V3_SIZE ?? 10000);
const V3: Pick<Workload, "shape" | "chunks" | "dtype" | "compressor" | "store" | "zarrFormat"> = {
  shape: [V3_SIZE, V3_SIZE],
  chunks: [1000, 1000],
  dtype: "int32",
  compressor: BLOSC,
  store: "memory",
  zarrFormat: 3,
};
/** Shards of 5 x 5 inner chunks at full size (4 shards), each inner chunk the W1 chunk. */
const shardSide = Math.max(1000, Math.floor(V3_SIZE / 2000) * 1000);
const V3_SHARDS: [number, number] = [shardSide, shardSide];
const side = `${V3_SIZE}²`;

// The v3 rows (V3 unsharded, V4 sharded). zarrita.js cannot write shards, so its V4 reads
// open a store that zarrkit wrote.
WORKLOADS.push(
  {
    id: "V3w",
    title: `v3 write ${side} int32, Blosc lz4, memory`,
    ...V3,
    op: "write",
  },
  { id: "V3r", title: `v3 read ${side} int32, Blosc lz4, memory`, ...V3, op: "read" },
  { id: "V3p", title: "v3 row / column / 100² block", ...V3, op: "partial" },
  {
    id: "V4w",
    title: `v3 sharded write ${side} int32, shards ${shardSide}², Blosc lz4`,
    ...V3,
    shards: V3_SHARDS,
    op: "write",
  },
  {
    id: "V4r",
    title: `v3 sharded read ${side} int32, shards ${shardSide}², Blosc lz4`,
    ...V3,
    shards: V3_SHARDS,
    op: "read",
  },
  {
    id: "V4p",
    title: "v3 sharded row / column / 100² block",
    ...V3,
    shards: V3_SHARDS,
    op: "partial",
  },
);

/**
 * The partial selections of W3 on an array of this shape: the first row, the first column
 * and a 100 x 100 block in the middle, as [rowStart, rowStop, colStart, colStop].
 */
export function w3Selections(
  shape: readonly [number, number],
): [string, [number, number, number, number]][] {
  const [rows, cols] = shape;
  const r = Math.floor(rows / 2);
  const c = Math.floor(cols / 2);
  return [
    ["z[0, :]", [0, 1, 0, cols]],
    ["z[:, 0]", [0, rows, 0, 1]],
    [`z[${r}:${r + 100}, ${c}:${c + 100}]`, [r, r + 100, c, c + 100]],
  ];
}

/** The workload's data, C order. */
export function makeData(w: Pick<Workload, "shape" | "dtype">): Int32Array | Float64Array {
  const [rows, cols] = w.shape;
  const out = w.dtype === "int32" ? new Int32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = (i * 7 + j) % 1000;
      out[base + j] = w.dtype === "int32" ? v : v / 10;
    }
  }
  return out;
}

/** The two columns of a `read-out` workload, in the order the children time them. */
export const READ_OUT_COLUMNS = ["new buffer", "into out"] as const;

export function nbytes(w: Pick<Workload, "shape" | "dtype">): number {
  return w.shape[0] * w.shape[1] * (w.dtype === "int32" ? 4 : 8);
}
