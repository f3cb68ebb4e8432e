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
  /** What is timed: writing the whole array, reading it, or partial reads. */
  op: "write" | "read" | "partial";
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

/** The partial selections of W3, as [rowStart, rowStop, colStart, colStop]. */
export const W3_SELECTIONS: [string, [number, number, number, number]][] = [
  ["z[0, :]", [0, 1, 0, 10000]],
  ["z[:, 0]", [0, 10000, 0, 1]],
  ["z[5000:5100, 5000:5100]", [5000, 5100, 5000, 5100]],
];

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

export function nbytes(w: Pick<Workload, "shape" | "dtype">): number {
  return w.shape[0] * w.shape[1] * (w.dtype === "int32" ? 4 : 8);
}
