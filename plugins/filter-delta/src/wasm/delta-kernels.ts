/**
 * The WebAssembly SIMD kernels of the same-type delta (src/wasm/delta-kernels.wat, committed
 * compiled as base64 in delta-kernels-wasm.ts), loaded on first use. Browsers forbid
 * synchronous compiles of modules over 4 KB on the main thread; this one is smaller (a test
 * keeps it so), so `Delta`'s synchronous encode and decode compile it synchronously on their
 * first call and run it from that call on. Otherwise (a module grown past the limit, or a
 * runtime that refuses the synchronous compile) it is compiled asynchronously, and calls made
 * before that ends run the JavaScript loops of scalar-delta.ts, which also run wherever
 * WebAssembly or its SIMD is missing.
 */
import type { LaneType } from "../scalar-delta.js";
import { DELTA_KERNELS_WASM } from "./delta-kernels-wasm.js";

type Kernel = (p: number, n: number) => void;

/** The instantiated module: its memory and, per lane type, an in-place encode and decode. */
export interface DeltaKernels {
  memory: WebAssembly.Memory;
  /** The module's memory as bytes (it never grows, so the view stays valid). */
  bytes: Uint8Array;
  encode: Record<LaneType, Kernel>;
  /** No float64 decode: the sequential sum runs as fast in JavaScript, without the copies. */
  decode: Partial<Record<LaneType, Kernel>>;
}

/**
 * Bytes handled per kernel call. Chunks go through the module's fixed memory in windows of
 * this size (the element before a window rides along at its start), so a window's copy in,
 * kernel and copy out stay in the CPU cache and the memory never grows with the chunk.
 */
export const WINDOW = 128 * 1024;

const LANES: readonly LaneType[] = ["i1", "i2", "i4", "i8", "f4", "f8"];

let kernels: DeltaKernels | null | undefined;
let loading: Promise<DeltaKernels | null> | undefined;
let enabled = true;

function decodeBase64(s: string): Uint8Array {
  if (typeof atob === "function") {
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  return new Uint8Array(Buffer.from(s, "base64"));
}

/** Browsers' limit on synchronous compiles on the main thread (Chromium's, the lowest). */
export const SYNC_COMPILE_LIMIT = 4096;

function fromInstance(instance: WebAssembly.Instance): DeltaKernels | null {
  const ex = instance.exports as unknown as Record<string, Kernel> & {
    memory: WebAssembly.Memory;
  };
  const encode = {} as Record<LaneType, Kernel>;
  const decode: Partial<Record<LaneType, Kernel>> = {};
  for (const t of LANES) {
    encode[t] = ex[`encode_${t}`]!;
    decode[t] = ex[`decode_${t}`];
  }
  const bytes = new Uint8Array(ex.memory.buffer);
  if (bytes.length < WINDOW + 8) return null;
  return { memory: ex.memory, bytes, encode, decode };
}

/** The kernels, null where they cannot run, undefined when only an async compile may work. */
function instantiateSync(): DeltaKernels | null | undefined {
  if (typeof WebAssembly !== "object") return null;
  const wasm = decodeBase64(DELTA_KERNELS_WASM) as Uint8Array<ArrayBuffer>;
  if (wasm.length > SYNC_COMPILE_LIMIT) return undefined;
  try {
    return fromInstance(new WebAssembly.Instance(new WebAssembly.Module(wasm)));
  } catch {
    // A runtime without SIMD rejects the module as invalid; any other refusal may be a
    // policy against synchronous compiles, which the asynchronous path avoids.
    return WebAssembly.validate(wasm) ? undefined : null;
  }
}

async function instantiate(): Promise<DeltaKernels | null> {
  try {
    if (typeof WebAssembly !== "object") return null;
    const module = await WebAssembly.compile(
      decodeBase64(DELTA_KERNELS_WASM) as Uint8Array<ArrayBuffer>,
    );
    return fromInstance(await WebAssembly.instantiate(module));
  } catch {
    return null;
  }
}

/**
 * Loads the delta filter's WebAssembly SIMD kernels now rather than on the first encode or
 * decode, and tells whether they run here.
 *
 * `Delta` loads them itself on its first call, synchronously (the module is under the 4 KB
 * browsers allow on the main thread); where a runtime refuses that, it compiles them
 * asynchronously and its calls run the JavaScript loops (the same bytes, slower) until the
 * compile ends, unless this was awaited first.
 *
 * @returns `true` when the kernels are loaded and enabled, `false` when this runtime lacks
 *   WebAssembly SIMD or they were disabled with {@link setDeltaKernelsEnabled}.
 */
export async function loadDeltaKernels(): Promise<boolean> {
  if (!enabled) return false;
  loading ??= instantiate().then((k) => {
    kernels = k;
    return k;
  });
  const k = await loading;
  return enabled && k !== null;
}

/**
 * The kernels when they are loaded and enabled, otherwise null; loads them on the first call
 * (synchronously when the runtime allows it, otherwise starting the asynchronous compile).
 */
export function deltaKernels(): DeltaKernels | null {
  if (!enabled) return null;
  if (kernels === undefined && loading === undefined) {
    const k = instantiateSync();
    if (k === undefined) {
      void loadDeltaKernels();
    } else {
      kernels = k;
      loading = Promise.resolve(k);
    }
  }
  return kernels ?? null;
}

/**
 * Turns the delta filter's WebAssembly SIMD kernels off (`false`: every call runs the
 * JavaScript loops) or back on (`true`, the default), for tests and benchmarks that compare
 * the two paths. Both give the same bytes.
 *
 * @example
 * ```ts
 * import { Delta, setDeltaKernelsEnabled } from "@zarrkit/filter-delta";
 *
 * setDeltaKernelsEnabled(false);
 * const bytes = new Delta({ dtype: "<i4" }).encode(Int32Array.of(5, 7, 4)); // JavaScript loops
 * setDeltaKernelsEnabled(true);
 * ```
 */
export function setDeltaKernelsEnabled(on: boolean): void {
  enabled = on;
}
