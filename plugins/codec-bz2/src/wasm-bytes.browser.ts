// Browsers (the "browser" condition of package.json's "imports" map): bzip2.wasm is fetched
// from beside the script, as @bokuweb/zstd-wasm's web build fetches zstd.wasm. Vite and
// webpack emit the file for `new URL(..., import.meta.url)`; with other bundlers, copy
// node_modules/bzip2-wasm/bzip2-1.0.8/bzip2.wasm next to the bundle, or call setBz2WasmSource.

/** Where bzip2.wasm is fetched from by default: beside this module (or the bundle). */
export function defaultWasmLocation(): string {
  return new URL("./bzip2.wasm", import.meta.url).href;
}

/** The bytes of bzip2.wasm, fetched from `source` (resolved against the page) or beside. */
export async function wasmBytes(source?: URL | string): Promise<Uint8Array | ArrayBuffer> {
  const url = source ?? new URL("./bzip2.wasm", import.meta.url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${String(url)}`);
  return response.arrayBuffer();
}
