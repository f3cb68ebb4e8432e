/**
 * Loads zstd-wasm (npm `@bokuweb/zstd-wasm`, zstd compiled to WebAssembly) once per page for
 * zarrkit's Zstd codec (`@zarrkit/codec-zstd`) and Blosc's zstd streams (`@zarrkit/codec-blosc`).
 * Not a codec: it registers nothing. zstd-wasm's own `init()` never settles when zstd.wasm is
 * missing or is not WebAssembly; here the file is read and checked first, and every failure
 * rejects with a `CodecError` naming the codec, the file and how to provide it.
 *
 * Apps normally only call {@link setZstdWasmUrl} (also re-exported by `zarrkit`,
 * `@zarrkit/codec-zstd` and `@zarrkit/codec-blosc`), in browsers.
 *
 * @example
 * ```ts
 * import { loadZstdWasm, setZstdWasmUrl } from "@zarrkit/zstd-wasm-loader";
 *
 * setZstdWasmUrl("/assets/zstd.wasm"); // browsers only; Node reads the installed package's file
 * const zstd = await loadZstdWasm("zstd"); // imported on first use, initialized once
 * const frame = zstd.compress(new Uint8Array(1000), 1);
 * const back = zstd.decompress(frame); // 1000 zero bytes
 * ```
 *
 * @packageDocumentation
 */
export {
  defaultWasmFile,
  initZstdWasm,
  loadZstdWasm,
  setZstdWasmUrl,
  type WasmFile,
  type ZstdWasm,
} from "./zstd-wasm.js";
export { ZSTD_ERRORS, zstdErrorCode } from "./zstd-errors.js";
