/**
 * Loading zstd-wasm (npm `@bokuweb/zstd-wasm`, zstd compiled to WebAssembly), for zarrkit's Zstd
 * codec and Blosc's zstd streams, which share the page's one init() and the URL set with
 * `setZstdWasmUrl`. zstd-wasm's own `init()`
 * never settles when zstd.wasm is missing or is not WebAssembly (it logs and waits), so the
 * file is read and validated here first, and every failure rejects with a CodecError that
 * names the file and how to provide it.
 */
import { CodecError } from "@zarrkit/core";
import { HOW_TO_PROVIDE, PASS_BYTES, zstdWasmBytes, zstdWasmLocation } from "#zstd-wasm-file";

/** The parts of zstd-wasm the codecs use. */
export interface ZstdWasm {
  init(path?: string | ArrayBuffer): Promise<void>;
  compress(data: Uint8Array, level: number): Uint8Array;
  /** Uses the frame's declared size, else `defaultHeapSize`, as the output capacity. */
  decompress(data: Uint8Array, opts?: { defaultHeapSize: number }): Uint8Array;
}

/** How zstd.wasm's bytes are found; replaced by tests. */
export interface WasmFile {
  location(): string;
  bytes(): Promise<Uint8Array | ArrayBuffer>;
  howToProvide: string;
  passBytes: boolean;
}

export const defaultWasmFile: WasmFile = {
  location: zstdWasmLocation,
  bytes: zstdWasmBytes,
  howToProvide: HOW_TO_PROVIDE,
  passBytes: PASS_BYTES,
};

const URL_KEY = Symbol.for("zarrkit.zstd-wasm.url");
// One init() per page, even when an app ends up with two copies of this package: zstd-wasm's web
// build breaks when it runs twice.
const INIT_KEY = Symbol.for("zarrkit.zstd-wasm.init");

/**
 * Where browsers fetch zstd.wasm from (by default beside the bundle), for the Zstd and
 * Blosc-zstd codecs alike; call it before their first chunk. Node reads the file from the
 * installed package and ignores it.
 */
export function setZstdWasmUrl(url: string | URL): void {
  (globalThis as Record<symbol, string | undefined>)[URL_KEY] = String(url);
}

/**
 * zstd-wasm, imported on first use (an app that never meets zstd never loads it) and
 * initialized once for the page; `codecId` names the codec in load errors.
 */
export async function loadZstdWasm(codecId: string): Promise<ZstdWasm> {
  const mod = (await import("@bokuweb/zstd-wasm")) as unknown as ZstdWasm & {
    default?: ZstdWasm;
  };
  const lib = typeof mod.compress === "function" ? mod : mod.default!;
  await initZstdWasm(codecId, lib);
  return lib;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Reads and checks zstd.wasm, then runs zstd-wasm's init() once for the page. */
export async function initZstdWasm(
  codecId: string,
  lib: ZstdWasm,
  file: WasmFile = defaultWasmFile,
): Promise<void> {
  const shared = globalThis as Record<symbol, Promise<void> | undefined>;
  shared[INIT_KEY] ??= (async () => {
    let where = "zstd.wasm";
    let bytes: Uint8Array | ArrayBuffer;
    try {
      where = file.location();
      bytes = await file.bytes();
    } catch (e) {
      throw loadError(codecId, where, message(e), file, e);
    }
    const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    if (!WebAssembly.validate(view as Uint8Array<ArrayBuffer>)) {
      throw loadError(codecId, where, `its ${view.length} bytes are not WebAssembly`, file);
    }
    try {
      if (file.passBytes) {
        const copy = view.slice().buffer;
        await lib.init(copy);
      } else {
        await lib.init();
      }
    } catch (e) {
      throw loadError(codecId, where, message(e), file, e);
    }
  })().catch((e: unknown) => {
    shared[INIT_KEY] = undefined;
    throw e;
  });
  await shared[INIT_KEY];
}

function loadError(
  codecId: string,
  where: string,
  why: string,
  file: WasmFile,
  cause?: unknown,
): CodecError {
  return new CodecError(
    `${codecId}: cannot load zstd.wasm from ${where}: ${why}. To fix: ${file.howToProvide}`,
    cause === undefined ? undefined : { cause },
  );
}
