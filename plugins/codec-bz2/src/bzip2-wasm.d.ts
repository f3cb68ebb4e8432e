// Types for the parts of the npm package "bzip2-wasm" (1.0.x) this plugin uses.
declare module "bzip2-wasm" {
  export default class BZip2 {
    init(): Promise<void>;
    /** Throws if the output does not fit in `compressedLength` bytes (default: input length). */
    compress(data: Uint8Array, blockSize?: number, compressedLength?: number): Uint8Array;
    /** Throws "BZ_OUTBUFF_FULL ..." if the output is longer than `decompressedLength`. */
    decompress(data: Uint8Array, decompressedLength: number): Uint8Array;
  }
}
