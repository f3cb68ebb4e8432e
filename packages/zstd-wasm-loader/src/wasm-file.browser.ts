// Browsers ("browser" condition of package.json's "imports" map): zstd.wasm is fetched here,
// not by zstd-wasm, whose web build waits forever when the fetch fails.

// Not written inline in `new URL(...)`: the asset finder of the tests would look for the file
// beside this source; the file to serve is the one zstd-wasm's web build names.
const FILE = "zstd.wasm";
const URL_KEY = Symbol.for("zarrkit.zstd-wasm.url");

/**
 * Where zstd.wasm is fetched from: the URL given to `setZstdWasmUrl`, else beside the script
 * (the bundle), where zstd-wasm's web build looks for it.
 */
export function zstdWasmLocation(): string {
  const set = (globalThis as Record<symbol, string | undefined>)[URL_KEY];
  return set ?? new URL(FILE, import.meta.url).href;
}

/** What to do when that file cannot be loaded. */
export const HOW_TO_PROVIDE =
  "serve node_modules/@bokuweb/zstd-wasm/dist/web/zstd.wasm beside your bundle (as " +
  "application/wasm), or call setZstdWasmUrl(url) with where it is served";

/** The bytes of zstd.wasm. */
export async function zstdWasmBytes(): Promise<ArrayBuffer> {
  const response = await fetch(zstdWasmLocation());
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return response.arrayBuffer();
}

/** The web build instantiates the bytes it is given instead of fetching the file again. */
export const PASS_BYTES = true;
