// zstd-wasm's WebAssembly heap, read through the same CommonJS module instance the codec
// loads in Node (the package exports only ".", so the file is required by path).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const dir = dirname(require.resolve("@bokuweb/zstd-wasm"));

/** Bytes of zstd-wasm's WebAssembly memory (0 before the codec's first use). */
export function zstdHeapBytes(): number {
  const { Module } = require(join(dir, "module.js")) as { Module: { HEAPU8?: Uint8Array } };
  return Module.HEAPU8?.length ?? 0;
}
