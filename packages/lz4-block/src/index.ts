/**
 * LZ4 block compression and decompression in plain TypeScript, with liblz4 1.9's exact output
 * (the library numcodecs and c-blosc link), shared by zarrkit's LZ4 and Blosc codecs. Not a
 * codec: it registers nothing and has no dependencies. Blocks are raw LZ4 blocks: no frame and
 * no size header.
 *
 * @example
 * ```ts
 * import { compressBlock, compressBound, decompressBlock } from "@zarrkit/lz4-block";
 *
 * const src = new TextEncoder().encode("abcabcabcabcabcabc");
 * const dst = new Uint8Array(compressBound(src.length));
 * const n = compressBlock(src, dst); // acceleration 1, as LZ4_compress_fast
 * const back = new Uint8Array(src.length);
 * decompressBlock(dst.subarray(0, n), back); // throws Lz4FormatError on corrupt input
 * ```
 *
 * @packageDocumentation
 */
export { compressBlock, compressBound, MAX_INPUT_SIZE } from "./compress.js";
export { decompressBlock, Lz4FormatError } from "./decompress.js";
