// Importing a codec plugin registers its ids; re-exporting here is what makes the umbrella
// "batteries included" in every runtime.
export { Blosc, type BloscOptions, blosc } from "@zarrkit/codec-blosc";
export { BZ2, type BZ2Options, type Bz2WasmSource, setBz2WasmSource } from "@zarrkit/codec-bz2";
export { JSONCodec, type JSONOptions } from "@zarrkit/codec-json";
export { LZ4, type LZ4Options } from "@zarrkit/codec-lz4";
export {
  LZMA,
  type LZMAFilterSpec,
  type LZMAOptions,
  lzmaBackend,
  setLzmaBackend,
} from "@zarrkit/codec-lzma";
export { MsgPack, type MsgPackOptions } from "@zarrkit/codec-msgpack";
export { VLenArray, type VLenArrayOptions, VLenBytes, VLenUTF8 } from "@zarrkit/codec-vlen";
export {
  deflateEngines,
  GZip,
  setDeflateEngines,
  Zlib,
  type ZlibOptions,
} from "@zarrkit/codec-zlib";
export { setZstdWasmUrl, Zstd, type ZstdOptions } from "@zarrkit/codec-zstd";
export { AsType, type AsTypeOptions } from "@zarrkit/filter-astype";
export { Categorize, type CategorizeOptions } from "@zarrkit/filter-categorize";
export { Delta, type DeltaOptions } from "@zarrkit/filter-delta";
export { PackBits, type PackBitsOptions } from "@zarrkit/filter-packbits";
export { Quantize, type QuantizeOptions } from "@zarrkit/filter-quantize";
export * from "@zarrkit/filter-scale-offset";
