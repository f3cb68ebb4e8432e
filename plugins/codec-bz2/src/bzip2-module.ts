/**
 * A minimal host for `bzip2-wasm/bzip2-1.0.8/bzip2.wasm` (libbzip2 1.0.8 built with Emscripten),
 * in place of the package's Emscripten glue, which loads Node built-ins (`fs`, `path`, `module`)
 * and so cannot be bundled for browsers. The module imports six functions: memory growth, a
 * big memcpy, `exit` (libbzip2's internal-error path) and three WASI file calls (stdio, used
 * only for that error's message). It exports its memory, malloc/free and the two one-shot
 * buffer-to-buffer calls this codec uses, called here exactly as bzip2-wasm calls them.
 */

/** libbzip2's return codes, with bzip2-wasm's messages (the codec matches on their names). */
const ERROR_MESSAGES: Record<number, string> = {
  [-2]: "BZ_PARAM_ERROR: incorrect parameters",
  [-3]: "BZ_MEM_ERROR: couldn't allocate enough memory",
  [-4]: "BZ_DATA_ERROR: data integrity error when decompressing",
  [-5]: "BZ_DATA_ERROR_MAGIC: compressed data has incorrect header",
  [-7]: "BZ_UNEXPECTED_EOF: compressed data ends too early",
  [-8]: "BZ_OUTBUFF_FULL: destination buffer is full",
};

interface Bzip2Exports {
  memory: WebAssembly.Memory;
  __wasm_call_ctors(): void;
  emscripten_stack_init(): void;
  malloc(size: number): number;
  free(ptr: number): void;
  BZ2_bzBuffToBuffCompress(
    dest: number,
    destLen: number,
    source: number,
    sourceLen: number,
    blockSize100k: number,
    verbosity: number,
    workFactor: number,
  ): number;
  BZ2_bzBuffToBuffDecompress(
    dest: number,
    destLen: number,
    source: number,
    sourceLen: number,
    small: number,
    verbosity: number,
  ): number;
}

export interface Bzip2 {
  /**
   * One bzip2 stream of `data` (`BZ2_bzBuffToBuffCompress`, work factor 30, as bzip2-wasm and
   * Python call it). Throws "BZ_OUTBUFF_FULL ..." if it is longer than `capacity` bytes.
   */
  compress(data: Uint8Array, blockSize: number, capacity: number): Uint8Array;
  /** The first stream of `data`; throws "BZ_OUTBUFF_FULL ..." past `capacity` bytes. */
  decompress(data: Uint8Array, capacity: number): Uint8Array;
  /** False once a call trapped or libbzip2 exited: the instance must be replaced. */
  readonly usable: boolean;
}

/** Emscripten's limit for this build (the module declares at most 2 GiB of memory). */
const MAX_HEAP = 2 ** 31;
const PAGE = 65536;
/** Emscripten's default growth: +20%, but never more than 96 MiB past the request. */
const OVERGROWTH_CAP = 96 * 1024 * 1024;
const WASI_EBADF = 8;
const WASI_ESPIPE = 70;

/** libbzip2 called exit(): it found a bug in itself (bz_internal_error). */
class Bzip2Exit extends Error {
  constructor(status: number, stderr: string) {
    super(`libbzip2 exited with status ${status}${stderr ? `: ${stderr.trim()}` : ""}`);
  }
}

/** Instantiate bzip2.wasm (its bytes or a compiled module) and run its start-up code. */
export async function instantiateBzip2(wasm: WebAssembly.Module | BufferSource): Promise<Bzip2> {
  let memory: WebAssembly.Memory | undefined;
  let stderr = "";
  const heap = () => new Uint8Array(memory!.buffer);
  const grow = (bytes: number): boolean => {
    try {
      memory!.grow(Math.ceil((bytes - memory!.buffer.byteLength) / PAGE));
      return true;
    } catch {
      return false;
    }
  };
  const imports = {
    env: {
      exit(status: number): never {
        throw new Bzip2Exit(status, stderr);
      },
      emscripten_memcpy_big(dest: number, src: number, num: number): void {
        heap().copyWithin(dest, src, src + num);
      },
      emscripten_resize_heap(requested: number): number {
        const wanted = requested >>> 0;
        const old = memory!.buffer.byteLength;
        if (wanted > MAX_HEAP) return 0;
        // As Emscripten does: over-allocate geometrically, and back off if that fails.
        for (let cutDown = 1; cutDown <= 4; cutDown *= 2) {
          const over = Math.min(old * (1 + 0.2 / cutDown), wanted + OVERGROWTH_CAP);
          const size = Math.min(MAX_HEAP, Math.ceil(Math.max(wanted, over) / PAGE) * PAGE);
          if (grow(size)) return 1;
        }
        return 0;
      },
    },
    wasi_snapshot_preview1: {
      // stdout and stderr: kept (a little of them) for the message of an exit().
      fd_write(_fd: number, iov: number, iovcnt: number, pnum: number): number {
        const view = new DataView(memory!.buffer);
        let written = 0;
        for (let i = 0; i < iovcnt; i++) {
          const ptr = view.getUint32(iov + 8 * i, true);
          const len = view.getUint32(iov + 8 * i + 4, true);
          if (stderr.length < 1000) {
            stderr += new TextDecoder().decode(heap().subarray(ptr, ptr + Math.min(len, 1000)));
          }
          written += len;
        }
        view.setUint32(pnum, written, true);
        return 0;
      },
      fd_close: (): number => WASI_EBADF,
      fd_seek: (): number => WASI_ESPIPE,
    },
  };
  const instance =
    wasm instanceof WebAssembly.Module
      ? await WebAssembly.instantiate(wasm, imports)
      : (await WebAssembly.instantiate(wasm, imports)).instance;
  const bz = instance.exports as unknown as Bzip2Exports;
  memory = bz.memory;
  // Emscripten's start-up: the stack limits, then the static constructors.
  bz.emscripten_stack_init();
  bz.__wasm_call_ctors();

  let usable = true;
  const malloc = (size: number): number => {
    const ptr = bz.malloc(Math.max(size, 1));
    if (ptr === 0) throw new Error(ERROR_MESSAGES[-3]);
    return ptr;
  };

  /** Copy `input` in, call `run(dest, destLen, source)`, copy the output out, free it all. */
  function call(
    input: Uint8Array,
    capacity: number,
    run: (dest: number, destLen: number, source: number) => number,
  ): Uint8Array {
    if (!usable) throw new Error("the bzip2 WebAssembly instance failed earlier");
    const pointers: number[] = [];
    try {
      const source = malloc(input.length);
      pointers.push(source);
      heap().set(input, source);
      const dest = malloc(capacity);
      pointers.push(dest);
      const destLen = malloc(4);
      pointers.push(destLen);
      new DataView(memory!.buffer).setUint32(destLen, capacity, true);
      const code = run(dest, destLen, source);
      if (code !== 0) throw new Error(ERROR_MESSAGES[code] ?? `error code: ${code}`);
      const length = new DataView(memory!.buffer).getUint32(destLen, true);
      return heap().slice(dest, dest + length);
    } catch (e) {
      // A trap (or exit) leaves the module's state unknown: this instance is not used again.
      if (e instanceof WebAssembly.RuntimeError || e instanceof Bzip2Exit) usable = false;
      throw e;
    } finally {
      if (usable) for (const p of pointers) bz.free(p);
    }
  }

  return {
    get usable() {
      return usable;
    },
    compress: (data, blockSize, capacity) =>
      call(data, capacity, (dest, destLen, source) =>
        bz.BZ2_bzBuffToBuffCompress(dest, destLen, source, data.length, blockSize, 0, 30),
      ),
    decompress: (data, capacity) =>
      call(data, capacity, (dest, destLen, source) =>
        bz.BZ2_bzBuffToBuffDecompress(dest, destLen, source, data.length, 0, 0),
      ),
  };
}
