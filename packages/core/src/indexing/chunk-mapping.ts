import type { CopyPlan } from "./strided.js";

/**
 * How one chunk's elements map to a selection's output in one dimension: a strided run
 * (a slice or an integer; `drop` when an integer removes the dimension from the output), or
 * a list of chunk-local indices with the output positions they go to (an integer array).
 */
export type DimPart =
  | {
      readonly kind: "range";
      readonly inStart: number;
      readonly step: number;
      readonly count: number;
      readonly outStart: number;
      readonly drop: boolean;
    }
  | { readonly kind: "list"; readonly inIndex: Int32Array; readonly outIndex: Float64Array };

/**
 * The elements of one chunk a selection takes: either the outer product of per-dimension
 * parts (basic and orthogonal selection), or a list of points, each with its chunk-local
 * coordinates and its flat position in the output (coordinate and mask selection).
 */
export type ChunkMapping =
  | { readonly kind: "outer"; readonly dims: readonly DimPart[] }
  | {
      readonly kind: "points";
      readonly local: readonly Int32Array[];
      readonly out: Float64Array;
    };

/** One chunk touched by a selection. */
export interface ChunkTask {
  readonly coords: number[];
  /** The selection covers every in-bounds element, so a write need not read the chunk first. */
  readonly complete: boolean;
  readonly mapping: ChunkMapping;
}

/**
 * Element offsets for copying one chunk: a strided plan when every dimension is a run (the
 * fast path basic selection always takes), per-dimension offset lists whose sums address the
 * elements (orthogonal selection with integer arrays), or one offset pair per element.
 * Offsets are in storage elements (a complex value is two), counted on each side.
 */
export type ElementPlan =
  | { readonly kind: "strided"; readonly plan: CopyPlan }
  | { readonly kind: "outer"; readonly src: Float64Array[]; readonly dst: Float64Array[] }
  | {
      readonly kind: "points";
      readonly src: Float64Array;
      readonly dst: Float64Array;
      readonly lanes: number;
    };

/** One dimension's parts in the chunks it touches, for `outerTasks`. */
export interface DimChunkPart {
  readonly chunk: number;
  readonly complete: boolean;
  readonly part: DimPart;
}

/** The chunks an orthogonal (or basic) selection touches: every combination of dimension parts. */
export function outerTasks(perDim: readonly (readonly DimChunkPart[])[]): ChunkTask[] {
  if (perDim.some((p) => p.length === 0)) return [];
  const tasks: ChunkTask[] = [];
  const idx = new Array<number>(perDim.length).fill(0);
  for (;;) {
    const parts = perDim.map((p, d) => p[idx[d]!]!);
    tasks.push({
      coords: parts.map((p) => p.chunk),
      complete: parts.every((p) => p.complete),
      mapping: { kind: "outer", dims: parts.map((p) => p.part) },
    });
    let d = perDim.length - 1;
    for (; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < perDim[d]!.length) break;
      idx[d] = 0;
    }
    if (d < 0) break;
  }
  return tasks;
}

/**
 * The copy from a chunk (`chunkStrides`, in elements; `lanes` storage elements each) to the
 * output (`outStrides`, over the output's own dimensions) for one task.
 */
export function elementPlan(
  mapping: ChunkMapping,
  chunkStrides: readonly number[],
  outStrides: readonly number[],
  lanes: number,
): ElementPlan {
  if (mapping.kind === "points") {
    const n = mapping.out.length;
    const src = new Float64Array(n);
    const dst = new Float64Array(n);
    mapping.local.forEach((local, d) => {
      const s = chunkStrides[d]! * lanes;
      for (let i = 0; i < n; i++) src[i]! += local[i]! * s;
    });
    for (let i = 0; i < n; i++) dst[i] = mapping.out[i]! * lanes;
    return { kind: "points", src, dst, lanes };
  }
  const strided = mapping.dims.every((p) => p.kind === "range");
  if (strided) {
    const counts: number[] = [];
    const srcStrides: number[] = [];
    const dstStrides: number[] = [];
    let srcOffset = 0;
    let dstOffset = 0;
    let o = 0;
    for (const [d, p] of mapping.dims.entries()) {
      if (p.kind !== "range") continue;
      counts.push(p.count);
      srcOffset += p.inStart * chunkStrides[d]! * lanes;
      srcStrides.push(p.step * chunkStrides[d]! * lanes);
      if (p.drop) dstStrides.push(0);
      else {
        dstOffset += p.outStart * outStrides[o]! * lanes;
        dstStrides.push(outStrides[o]! * lanes);
        o++;
      }
    }
    if (lanes > 1) {
      counts.push(lanes);
      srcStrides.push(1);
      dstStrides.push(1);
    }
    return { kind: "strided", plan: { counts, srcOffset, srcStrides, dstOffset, dstStrides } };
  }
  const src: Float64Array[] = [];
  const dst: Float64Array[] = [];
  let o = 0;
  for (const [d, p] of mapping.dims.entries()) {
    const cs = chunkStrides[d]! * lanes;
    const drop = p.kind === "range" && p.drop;
    const os = drop ? 0 : outStrides[o++]! * lanes;
    if (p.kind === "list") {
      src.push(Float64Array.from(p.inIndex, (i) => i * cs));
      dst.push(Float64Array.from(p.outIndex, (i) => i * os));
    } else {
      const s = new Float64Array(p.count);
      const t = new Float64Array(p.count);
      for (let k = 0; k < p.count; k++) {
        s[k] = (p.inStart + k * p.step) * cs;
        t[k] = (p.outStart + k) * os;
      }
      src.push(s);
      dst.push(t);
    }
  }
  if (lanes > 1) {
    // Lanes (re, im) folded into the innermost list keep its runs long and contiguous.
    const withLanes = (l: Float64Array) => {
      const out = new Float64Array(l.length * lanes);
      for (let i = 0; i < out.length; i++) out[i] = l[Math.floor(i / lanes)]! + (i % lanes);
      return out;
    };
    src.push(withLanes(src.pop()!));
    dst.push(withLanes(dst.pop()!));
  }
  return { kind: "outer", src, dst };
}
