// Types for the block API of the npm package "lz4js" (0.2.x, CommonJS).
declare module "lz4js" {
  /** Compresses `src[sIndex, sIndex + sLength)` into `dst` from 0; returns 0 if it found no match. */
  export function compressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    hashTable: Uint32Array,
  ): number;
  /** Decompresses `src[sIndex, sIndex + sLength)` into `dst` from `dIndex`, without bounds checks. */
  export function decompressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    dIndex: number,
  ): number;
  export function compressBound(n: number): number;
}
