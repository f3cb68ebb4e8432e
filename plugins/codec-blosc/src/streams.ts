/// <reference path="./snappyjs.d.ts" />
/**
 * The compressors behind each Blosc stream: the codes c-blosc 1.x uses in its header and the
 * decode/encode functions for each. blosclz, lz4, lz4hc and snappy decoding are this
 * package's own; zlib is pako, zstd is zstd-wasm and snappy encoding is snappyjs, each loaded
 * on first use so an app that only reads lz4 chunks never loads them.
 */
import { blosclzBound, blosclzDecode, blosclzEncode } from "./blosclz.js";
import { compressBlock } from "@zarrkit/lz4-block";
import { lz4Bound, lz4Decode, lz4Encode, StreamError } from "./lz4.js";
import { snappyDecode } from "./snappy.js";
import { zstdStreamSize } from "./zstd-stream.js";
import { loadZstdWasm, ZSTD_ERRORS, type ZstdWasm, zstdErrorCode } from "@zarrkit/zstd-wasm-loader";

/**
 * The compressors Blosc can use inside a chunk, as numcodecs 0.11's
 * `blosc.list_compressors()` lists them; all six are read and written.
 */
export const CNAMES = ["blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"] as const;
/** A Blosc compressor name: one of {@link CNAMES}. */
export type Cname = (typeof CNAMES)[number];

/** c-blosc's compressor codes (BLOSC_BLOSCLZ ... BLOSC_ZSTD). */
export const COMPCODE: Record<Cname, number> = {
  blosclz: 0,
  lz4: 1,
  lz4hc: 2,
  snappy: 3,
  zlib: 4,
  zstd: 5,
};

/** The format code stored in the header's top three flag bits (lz4 and lz4hc share one). */
export const FORMAT: Record<Cname, number> = {
  blosclz: 0,
  lz4: 1,
  lz4hc: 1,
  snappy: 2,
  zlib: 3,
  zstd: 4,
};
export const FORMAT_NAMES = ["blosclz", "lz4", "snappy", "zlib", "zstd"] as const;

export type Decoder = (
  src: Uint8Array,
  sp: number,
  send: number,
  dst: Uint8Array,
  dp: number,
  dend: number,
) => void;

/** Compresses `src` (one stream); returns its bytes, possibly a view of a shared buffer. */
/**
 * Compresses one stream. `maxout` is the most bytes c-blosc would let the compressor write
 * (an encoder may return more, or nothing, and the stream is then stored as is).
 */
export type Encoder = (src: Uint8Array, clevel: number, maxout: number) => Uint8Array;

type Pako = typeof import("pako");
type Snappyjs = typeof import("snappyjs");

let pako: Pako | undefined;
let zstd: ZstdWasm | undefined;
let snappyjs: Snappyjs | undefined;
const loading = new Map<string, Promise<void>>();

function once(name: string, load: () => Promise<void>): Promise<void> {
  let p = loading.get(name);
  if (!p) {
    p = load();
    loading.set(name, p);
    p.catch(() => loading.delete(name));
  }
  return p;
}

function loadPako(): Promise<void> {
  return once("pako", async () => {
    const m = (await import("pako")) as Pako & { default?: Pako };
    pako = typeof m.inflate === "function" ? m : m.default!;
  });
}

function loadZstd(): Promise<void> {
  return once("zstd", async () => {
    zstd = await loadZstdWasm("blosc");
  });
}

function loadSnappyjs(): Promise<void> {
  return once("snappyjs", async () => {
    const m = (await import("snappyjs")) as Snappyjs & { default?: Snappyjs };
    snappyjs = typeof m.compress === "function" ? m : m.default!;
  });
}

/** Makes sure what decoding format `format` needs is loaded (nothing for the own decoders). */
export function loadDecoder(format: number): Promise<void> | undefined {
  if (format === 3 && !pako) return loadPako();
  if (format === 4 && !zstd) return loadZstd();
  return undefined;
}

/** Makes sure what encoding with `cname` needs is loaded. */
export function loadEncoder(cname: Cname): Promise<void> | undefined {
  if (cname === "zlib" && !pako) return loadPako();
  if (cname === "zstd" && !zstd) return loadZstd();
  if (cname === "snappy" && !snappyjs) return loadSnappyjs();
  return undefined;
}

function copyExact(out: Uint8Array, dst: Uint8Array, dp: number, dend: number, what: string) {
  if (out.length !== dend - dp) {
    throw new StreamError(`the ${what} data decode to ${out.length} bytes, not ${dend - dp}`);
  }
  dst.set(out, dp);
}

const zlibDecode: Decoder = (src, sp, send, dst, dp, dend) => {
  let out: Uint8Array;
  try {
    out = pako!.inflate(src.subarray(sp, send), { windowBits: 15 });
  } catch (e) {
    throw new StreamError(`zlib: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!(out instanceof Uint8Array)) throw new StreamError("zlib: corrupt or truncated data");
  copyExact(out, dst, dp, dend, "zlib");
};

const zstdDecode: Decoder = (src, sp, send, dst, dp, dend) => {
  const frame = src.subarray(sp, send);
  // zstd-wasm allocates the frame's declared size, else the capacity given: the header is
  // checked against the stream's size first, so no claim reaches its heap, which never shrinks.
  const declared = zstdStreamSize(frame);
  if (declared !== undefined && declared !== dend - dp) {
    throw new StreamError(
      `the zstd frame declares ${declared} bytes, the stream holds ${dend - dp}`,
    );
  }
  let out: Uint8Array;
  try {
    out = zstd!.decompress(frame, { defaultHeapSize: Math.max(dend - dp, 1) });
  } catch (e) {
    throw new StreamError(`zstd: ${zstdErrorName(e)}`);
  }
  copyExact(out, dst, dp, dend, "zstd");
};

/** In a stream the output capacity is the stream's size, so "too small" means it holds more. */
const DST_TOO_SMALL = 70;

function zstdErrorName(e: unknown): string {
  const code = zstdErrorCode(e);
  if (code === undefined) return e instanceof Error ? e.message : String(e);
  if (code === DST_TOO_SMALL) return "the data decode to more than the stream holds";
  return ZSTD_ERRORS[code] ?? `zstd error ${code}`;
}

/** Decoders by header format code. */
export function decoderFor(format: number): Decoder {
  switch (format) {
    case 0:
      return blosclzDecode;
    case 1:
      return lz4Decode;
    case 2:
      return snappyDecode;
    case 3:
      return zlibDecode;
    default:
      return zstdDecode;
  }
}

let scratch = new Uint8Array(0);
function scratchOf(n: number): Uint8Array {
  if (scratch.length < n) scratch = new Uint8Array(n);
  return scratch;
}

/** c-blosc's zstd levels: 2 * clevel - 1 below 9, zstd's maximum (22) at 9. */
export function zstdLevel(clevel: number): number {
  return clevel < 9 ? clevel * 2 - 1 : 22;
}

/** Encoders by cname. The results may be views of one shared buffer: copy before the next call. */
export function encoderFor(cname: Cname): Encoder {
  switch (cname) {
    case "blosclz":
      return (src) => {
        const out = scratchOf(blosclzBound(src.length));
        return out.subarray(0, blosclzEncode(src, 0, src.length, out, 0));
      };
    case "lz4":
      // c-blosc calls LZ4_compress_fast with acceleration 10 - clevel and an output of at most
      // `maxout` bytes; @zarrkit/lz4-block makes liblz4's choices, so the bytes are c-blosc's.
      return (src, clevel, maxout) => {
        const out = scratchOf(maxout);
        return out.subarray(0, compressBlock(src, out.subarray(0, maxout), 10 - clevel));
      };
    case "lz4hc":
      return (src, clevel) => {
        const out = scratchOf(lz4Bound(src.length));
        return out.subarray(0, lz4Encode(src, 0, src.length, out, 0, 1, 2 << clevel));
      };
    case "snappy":
      return (src) => snappyjs!.compress(src);
    case "zlib":
      return (src, clevel) => pako!.deflate(src, { level: clevel as 1 });
    case "zstd":
      return (src, clevel) => zstd!.compress(src, zstdLevel(clevel));
  }
}
