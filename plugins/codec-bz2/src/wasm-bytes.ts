// Node (and any runtime with node:fs): bzip2.wasm read from the installed bzip2-wasm package.
// Bundlers for browsers take wasm-bytes.browser.ts instead ("browser" condition, package.json
// "imports" map).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** The file bzip2-wasm installs, which this plugin depends on. */
export function defaultWasmLocation(): string {
  return createRequire(import.meta.url).resolve("bzip2-wasm/bzip2-1.0.8/bzip2.wasm");
}

/**
 * The bytes of bzip2.wasm: by default from bzip2-wasm; else a `file:` URL or a path is read,
 * and any other URL (http:, https:, data:) fetched.
 */
export async function wasmBytes(source?: URL | string): Promise<Uint8Array | ArrayBuffer> {
  if (source === undefined) return readFile(defaultWasmLocation());
  const url =
    source instanceof URL
      ? source
      : /^[a-z][a-z0-9+.-]+:/i.test(source) // a scheme, not a Windows drive letter
        ? new URL(source)
        : undefined;
  if (url === undefined) return readFile(source as string);
  if (url.protocol === "file:") return readFile(fileURLToPath(url));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url.href}`);
  return response.arrayBuffer();
}
