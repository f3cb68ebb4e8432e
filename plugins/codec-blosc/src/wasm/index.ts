/**
 * The WebAssembly kernels, committed compiled as base64 in kernels.ts: kernels.wat (LZ4 block
 * decoding, typesize-4 unshuffle; it owns the memory) and encode-kernels.as (LZ4 compression,
 * byte and bit shuffle and unshuffle with SIMD; it imports that memory, so both modules work
 * on the same bytes). They are compiled asynchronously on the first encode or lz4 decode
 * (browsers forbid large synchronous compiles); where WebAssembly or its SIMD is missing the
 * JavaScript versions run instead.
 */
import { CodecError } from "@zarrkit/core";
import { StreamError } from "../lz4.js";
import { ENCODE_KERNELS_WASM, KERNELS_WASM } from "./kernels.js";

export interface Kernels {
  memory: WebAssembly.Memory;
  lz4(sp: number, send: number, dp: number, dend: number): number;
  unshuffle4(src: number, dst: number, n: number): void;
  /** LZ4 block of [src, src + n) into at most `cap` bytes at dst: its size, or 0 if it does not fit. */
  lz4Compress(
    src: number,
    n: number,
    dst: number,
    cap: number,
    accel: number,
    table: number,
  ): number;
  shuffle(typesize: number, src: number, dst: number, len: number): void;
  unshuffle(typesize: number, src: number, dst: number, len: number): void;
  /** `scratch`: `len` bytes of working space. */
  bitshuffle(typesize: number, src: number, dst: number, len: number, scratch: number): void;
  /** Overwrites `src` (the first `len - len % typesize` bytes). */
  bitunshuffle(typesize: number, src: number, dst: number, len: number): void;
}

/** Bytes of scratch {@link Kernels.lz4Compress} needs for its hash table. */
export const LZ4_TABLE_BYTES = 16384;

let kernels: Kernels | null | undefined;
let loading: Promise<Kernels | null> | undefined;
// Off only for tests and benchmarks; the loaded instance is kept, so switching back costs
// nothing (no recompile, no fresh memory to fault in).
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

/** The kernels once loaded; `null` when this runtime cannot run them; undefined before. */
export function loadedKernels(): Kernels | null | undefined {
  return enabled ? kernels : null;
}

/** Loads the kernels (once); resolves to null where WebAssembly (with SIMD) is unavailable. */
export function loadKernels(): Promise<Kernels | null> {
  if (!enabled) return Promise.resolve(null);
  loading ??= (async () => {
    try {
      if (typeof WebAssembly !== "object") return null;
      const [decoding, encoding] = await Promise.all(
        [KERNELS_WASM, ENCODE_KERNELS_WASM].map((b64) =>
          WebAssembly.compile(decodeBase64(b64) as Uint8Array<ArrayBuffer>),
        ),
      );
      const first = await WebAssembly.instantiate(decoding!);
      const { memory } = first.exports as { memory: WebAssembly.Memory };
      const second = await WebAssembly.instantiate(encoding!, { env: { memory } });
      kernels = { ...first.exports, ...second.exports } as unknown as Kernels;
    } catch {
      kernels = null;
    }
    return kernels ?? null;
  })();
  return loading;
}

/** Disables (false) or re-enables the kernels, for tests and benchmarks of the JS path. */
export function setKernelsEnabled(on: boolean): void {
  enabled = on;
}

const LZ4_ERRORS = [
  "",
  "the LZ4 data are truncated or a literal run passes their end",
  "an LZ4 match offset reaches before the start of the block",
  "LZ4 data run past the end of the block",
  "the LZ4 data decode to the wrong size",
];

/** Memory of at least `bytes` bytes; views made before a call are invalid after it. */
export function reserve(k: Kernels, bytes: number): Uint8Array {
  const have = k.memory.buffer.byteLength;
  if (have < bytes) {
    try {
      k.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch (e) {
      throw new CodecError(
        `blosc: cannot grow the WebAssembly memory of the lz4 kernels to ${bytes} bytes: ${e instanceof Error ? e.message : e}`,
        { cause: e },
      );
    }
  }
  return new Uint8Array(k.memory.buffer);
}

/** An LZ4 stream decoder over views of the kernels' memory. */
export function wasmLz4(k: Kernels) {
  return (src: Uint8Array, sp: number, send: number, dst: Uint8Array, dp: number, dend: number) => {
    const code = k.lz4(
      src.byteOffset + sp,
      src.byteOffset + send,
      dst.byteOffset + dp,
      dst.byteOffset + dend,
    );
    if (code !== 0) throw new StreamError(LZ4_ERRORS[code] ?? `LZ4 error ${code}`);
  };
}
