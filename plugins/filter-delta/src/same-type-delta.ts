/**
 * The common case of the delta filter: `astype` equal to `dtype`, a little-endian integer or
 * float32/float64 type on a little-endian host. No NumPy cast is involved, so the differences
 * and sums run straight on the bytes: in the WebAssembly SIMD kernels once they are loaded,
 * otherwise in typed-array loops. Both give numcodecs' bytes exactly.
 */
import type { DataType } from "@zarrkit/core";
import { deltaKernels, type DeltaKernels, WINDOW } from "./wasm/delta-kernels.js";
import { decodeScalar, encodeScalar, LANE_SIZE, type LaneType } from "./scalar-delta.js";

const LITTLE_ENDIAN_HOST = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** The lane type of the fast path for a filter, or null when it takes the general path. */
export function laneType(dtype: DataType, astype: DataType): LaneType | null {
  if (!LITTLE_ENDIAN_HOST || dtype.str !== astype.str || dtype.byteOrder === ">") return null;
  if (dtype.kind === "i" || dtype.kind === "u") {
    return dtype.itemsize === 1
      ? "i1"
      : dtype.itemsize === 2
        ? "i2"
        : dtype.itemsize === 4
          ? "i4"
          : dtype.itemsize === 8
            ? "i8"
            : null;
  }
  if (dtype.kind === "f") return dtype.itemsize === 4 ? "f4" : dtype.itemsize === 8 ? "f8" : null;
  return null;
}

function encodeWithKernels(k: DeltaKernels, t: LaneType, src: Uint8Array, dst: Uint8Array): void {
  const size = LANE_SIZE[t];
  const mem = k.bytes;
  const run = k.encode[t];
  for (let b = 0; b < src.length; b += WINDOW) {
    const len = Math.min(WINDOW, src.length - b);
    // After the first window, the element before it comes along as the one to subtract.
    const pre = b === 0 ? 0 : size;
    mem.set(src.subarray(b - pre, b + len), 0);
    run(0, (len + pre) / size);
    dst.set(mem.subarray(pre, pre + len), b);
  }
}

function decodeWithKernels(
  run: (p: number, n: number) => void,
  k: DeltaKernels,
  t: LaneType,
  src: Uint8Array,
  dst: Uint8Array,
): void {
  const size = LANE_SIZE[t];
  const mem = k.bytes;
  for (let b = 0; b < src.length; b += WINDOW) {
    const len = Math.min(WINDOW, src.length - b);
    // After the first window, the last sum so far leads the window, so the additions continue
    // in the same order as over the whole chunk.
    const pre = b === 0 ? 0 : size;
    if (pre) mem.set(dst.subarray(b - pre, b), 0);
    mem.set(src.subarray(b, b + len), pre);
    run(0, (len + pre) / size);
    dst.set(mem.subarray(pre, pre + len), b);
  }
}

type NodeBuffer = { allocUnsafeSlow(n: number): Uint8Array };
const NodeBuffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;

/**
 * A new buffer of `n` bytes that the caller overwrites entirely. In Node it is left
 * uninitialised: zeroing a fresh chunk-sized buffer costs about a third of the kernels' time.
 */
function scratchOutput(n: number): Uint8Array {
  if (!NodeBuffer) return new Uint8Array(n);
  const b = NodeBuffer.allocUnsafeSlow(n);
  return new Uint8Array(b.buffer, b.byteOffset, n);
}

/** The encoded bytes of `src` (a whole number of elements): a new buffer. */
export function encodeSameType(t: LaneType, src: Uint8Array): Uint8Array {
  const dst = scratchOutput(src.length);
  const k = deltaKernels();
  if (k) {
    encodeWithKernels(k, t, src, dst);
  } else {
    // Typed-array views need aligned offsets.
    encodeScalar(t, src.byteOffset % LANE_SIZE[t] === 0 ? src : src.slice(), dst);
  }
  return dst;
}

/**
 * The decoded bytes of `src` (a whole number of elements), written into `out` when it has
 * their length, otherwise into a new buffer.
 */
export function decodeSameType(t: LaneType, src: Uint8Array, out?: Uint8Array): Uint8Array {
  const dst = out && out.length === src.length ? out : scratchOutput(src.length);
  const k = deltaKernels();
  const run = k?.decode[t];
  if (k && run) {
    decodeWithKernels(run, k, t, src, dst);
  } else if (dst.byteOffset % LANE_SIZE[t] === 0) {
    dst.set(src);
    decodeScalar(t, dst);
  } else {
    const tmp = src.slice();
    decodeScalar(t, tmp);
    dst.set(tmp);
  }
  return dst;
}
