export {
  defaultWasmFile,
  initZstdWasm,
  loadZstdWasm,
  setZstdWasmUrl,
  type WasmFile,
  type ZstdWasm,
} from "./zstd-wasm.js";
export { ZSTD_ERRORS, zstdErrorCode } from "./zstd-errors.js";
