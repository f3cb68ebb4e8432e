import type { ChunkData, TypedArray } from "../metadata/dtype.js";
import type { ElementPlan } from "./chunk-mapping.js";
import { copyStrided } from "./strided.js";

type Indexable = { [i: number]: unknown; length: number };

function consecutive(offsets: Float64Array): boolean {
  for (let i = 1; i < offsets.length; i++) if (offsets[i] !== offsets[i - 1]! + 1) return false;
  return true;
}

/** Copy the elements a plan addresses from `src` to `dst` (both in storage form). */
export function gather(src: ChunkData, dst: ChunkData, plan: ElementPlan): void {
  const s = src as Indexable;
  const t = dst as Indexable;
  if (plan.kind === "strided") {
    copyStrided(src, dst, plan.plan);
    return;
  }
  if (plan.kind === "points") {
    // In list order, so a point given twice ends up holding the later value (as NumPy).
    const a = plan.src;
    const b = plan.dst;
    if (plan.lanes === 1) for (let i = 0; i < a.length; i++) t[b[i]!] = s[a[i]!];
    else
      for (let i = 0; i < a.length; i++)
        for (let l = 0; l < plan.lanes; l++) t[b[i]! + l] = s[a[i]! + l];
    return;
  }
  const nd = plan.src.length;
  if (nd === 0 || plan.src.some((l) => l.length === 0)) {
    if (nd === 0) t[0] = s[0];
    return;
  }
  // Odometer over the outer dimensions; the innermost runs as a plain loop.
  const inS = plan.src[nd - 1]!;
  const inD = plan.dst[nd - 1]!;
  const inner = inS.length;
  const idx = new Array<number>(nd - 1).fill(0);
  let so = 0;
  let doff = 0;
  for (let d = 0; d < nd - 1; d++) {
    so += plan.src[d]![0]!;
    doff += plan.dst[d]![0]!;
  }
  // A run that is contiguous on both sides (a slice of step 1 with integer arrays around it:
  // whole rows picked by index) is one bulk copy between typed arrays.
  const bulk =
    inner >= 64 &&
    ArrayBuffer.isView(src) &&
    ArrayBuffer.isView(dst) &&
    consecutive(inS) &&
    consecutive(inD);
  for (;;) {
    if (bulk) {
      const a = so + inS[0]!;
      (dst as TypedArray).set((src as TypedArray).subarray(a, a + inner) as never, doff + inD[0]!);
    } else for (let i = 0; i < inner; i++) t[doff + inD[i]!] = s[so + inS[i]!];
    let d = nd - 2;
    for (; d >= 0; d--) {
      const ls = plan.src[d]!;
      const ld = plan.dst[d]!;
      const k = idx[d]!;
      so -= ls[k]!;
      doff -= ld[k]!;
      if (k + 1 < ls.length) {
        idx[d] = k + 1;
        so += ls[k + 1]!;
        doff += ld[k + 1]!;
        break;
      }
      idx[d] = 0;
      so += ls[0]!;
      doff += ld[0]!;
    }
    if (d < 0) return;
  }
}

/** The same plan with source and destination swapped (a read plan turned into a write plan). */
export function reversePlan(plan: ElementPlan): ElementPlan {
  if (plan.kind === "strided") {
    const p = plan.plan;
    return {
      kind: "strided",
      plan: {
        counts: p.counts,
        srcOffset: p.dstOffset,
        srcStrides: p.dstStrides,
        dstOffset: p.srcOffset,
        dstStrides: p.srcStrides,
      },
    };
  }
  if (plan.kind === "points") return { ...plan, src: plan.dst, dst: plan.src };
  return { kind: "outer", src: plan.dst, dst: plan.src };
}

/**
 * A plan that reads every element from the one value at the start of the source (its lanes
 * kept apart), to fill the plan's destination with a scalar.
 */
export function broadcastSource(plan: ElementPlan, lanes: number): ElementPlan {
  if (plan.kind === "strided") {
    const p = plan.plan;
    const srcStrides = p.srcStrides.map(() => 0);
    if (lanes > 1) srcStrides[srcStrides.length - 1] = 1;
    return { kind: "strided", plan: { ...p, srcOffset: 0, srcStrides } };
  }
  if (plan.kind === "points") {
    return { ...plan, src: new Float64Array(plan.dst.length) };
  }
  const src = plan.src.map((l) => new Float64Array(l.length));
  // The innermost list holds each element's lanes in turn (see elementPlan).
  if (lanes > 1) src[src.length - 1] = src[src.length - 1]!.map((_, i) => i % lanes);
  return { kind: "outer", src, dst: plan.dst };
}
