export { compressBlock, compressBound, MAX_INPUT_SIZE } from "./compress.js";
export { decompressBlock, Lz4FormatError } from "./decompress.js";
