// Node (and any runtime with node:fs): zstd-wasm's Node build reads zstd.wasm from beside
// itself, so that file is the one checked here. Browser bundles take wasm-file.browser.ts
// ("browser" condition of package.json's "imports" map).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Where zstd.wasm is read from. */
export function zstdWasmLocation(): string {
  return join(dirname(createRequire(import.meta.url).resolve("@bokuweb/zstd-wasm")), "zstd.wasm");
}

/** What to do when that file cannot be loaded. */
export const HOW_TO_PROVIDE =
  "Node reads it from the installed @bokuweb/zstd-wasm package: reinstall it (pnpm install)";

/** The bytes of zstd.wasm. */
export async function zstdWasmBytes(): Promise<Uint8Array> {
  return readFile(zstdWasmLocation());
}

/** Node's zstd-wasm build reads its own file: the bytes are only checked, never passed on. */
export const PASS_BYTES = false;
