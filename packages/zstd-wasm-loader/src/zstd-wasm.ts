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

/**
 * The parts of zstd-wasm (`@bokuweb/zstd-wasm`) the codecs use, as {@link loadZstdWasm} returns
 * them, ready to call.
 */
export interface ZstdWasm {
  /**
   * zstd-wasm's own initializer: compiles zstd.wasm (from the given bytes, or the file it finds
   * itself). {@link loadZstdWasm} has already run it; calling it yourself is not needed.
   */
  init(path?: string | ArrayBuffer): Promise<void>;
  /**
   * One zstd frame holding `data`, compressed at `level` (zstd's levels, as numcodecs' `Zstd`
   * takes them: 1 fast to 22 smallest; 0 is zstd's default, 3). The frame records its content
   * size.
   */
  compress(data: Uint8Array, level: number): Uint8Array;
  /** Uses the frame's declared size, else `defaultHeapSize`, as the output capacity. */
  decompress(data: Uint8Array, opts?: { defaultHeapSize: number }): Uint8Array;
}

/**
 * Where zstd.wasm's bytes come from, for {@link initZstdWasm}. Apps do not need it: the default
 * ({@link defaultWasmFile}) is right for Node and browsers; tests pass their own to simulate a
 * missing or broken file.
 */
export interface WasmFile {
  /** The path or URL the bytes are read from, as load errors name it. */
  location(): string;
  /** Reads the file; a rejection becomes a `CodecError` naming {@link WasmFile.location}. */
  bytes(): Promise<Uint8Array | ArrayBuffer>;
  /** The "To fix: ..." sentence of load errors: how to make the file available. */
  howToProvide: string;
  /**
   * True when zstd-wasm's init() is given the bytes read here (the browser build), false when
   * it reads the file itself and the bytes are only validated (the Node build).
   */
  passBytes: boolean;
}

/**
 * How this runtime finds zstd.wasm: in Node, the file inside the installed `@bokuweb/zstd-wasm`;
 * in browsers (the `browser` export condition), fetched from the URL given to
 * {@link setZstdWasmUrl}, else from beside the bundle.
 */
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
 *
 * The URL is kept on `globalThis`, so every copy of this package in a page sees it. Serve
 * `node_modules/@bokuweb/zstd-wasm/dist/web/zstd.wasm` there as `application/wasm`.
 *
 * @example
 * ```ts
 * setZstdWasmUrl(new URL("/assets/zstd.wasm", location.href));
 * ```
 */
export function setZstdWasmUrl(url: string | URL): void {
  (globalThis as Record<symbol, string | undefined>)[URL_KEY] = String(url);
}

/**
 * zstd-wasm, imported on first use (an app that never meets zstd never loads it) and
 * initialized once for the page; `codecId` names the codec in load errors.
 *
 * @param codecId - The codec asking (`"zstd"`, `"blosc"`), the first word of load errors.
 * @returns The initialized library; later calls return at once.
 * @throws `CodecError` (from `@zarrkit/core`) when zstd.wasm cannot be read, is not WebAssembly
 *   or fails to initialize; the message names the file and how to provide it. A failed load is
 *   not cached: the next call tries again.
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

/**
 * Reads and checks zstd.wasm, then runs zstd-wasm's init() once for the page (shared through
 * `globalThis`, so two copies of this package still initialize once). {@link loadZstdWasm} calls
 * it; use it directly only to supply your own `lib` or `file`.
 *
 * @param codecId - The codec asking, the first word of load errors.
 * @param lib - The zstd-wasm module to initialize.
 * @param file - Where the bytes come from. Default: {@link defaultWasmFile}.
 * @throws `CodecError` (from `@zarrkit/core`) when the file cannot be read, is not WebAssembly or
 *   init() fails; the next call tries again.
 */
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
