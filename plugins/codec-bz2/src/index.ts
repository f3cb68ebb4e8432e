/// <reference path="./bzip2-wasm.d.ts" />
import {
  asBytes,
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  type CodecInput,
  CodecError,
  registerCodec,
} from "@zarrkit/core";
import type BZip2 from "bzip2-wasm";

export interface BZ2Options {
  /** Block size in units of 100 kB, 1 (fastest) to 9 (best); default 1, as in numcodecs. */
  level?: number;
}

/** Without a size hint, decoding doubles its guess up to this many bytes before giving up. */
const MAX_GUESSED_OUTPUT = 1 << 30;

let loading: Promise<BZip2> | undefined;

/**
 * bzip2-wasm, loaded and initialized once, on first use. In Node its Emscripten glue sets the
 * globals `require` and `__dirname` and adds process-wide `uncaughtException` and
 * `unhandledRejection` listeners; they are only needed while it loads, so they are undone.
 */
function bzip2(): Promise<BZip2> {
  loading ??= (async () => {
    const g = globalThis as Record<string, unknown>;
    const saved = { require: g.require, __dirname: g.__dirname };
    type Listener = (...args: unknown[]) => void;
    const proc = g.process as
      | { listeners?(e: string): Listener[]; removeListener(e: string, l: Listener): void }
      | undefined;
    const events = ["uncaughtException", "unhandledRejection"] as const;
    const before = events.map((e) => proc?.listeners?.(e) ?? []);
    try {
      const { default: BZip2Class } = await import("bzip2-wasm");
      const instance = new BZip2Class();
      await instance.init();
      return instance;
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete g[key];
        else g[key] = value;
      }
      events.forEach((e, i) => {
        for (const l of proc?.listeners?.(e) ?? []) {
          if (!before[i]!.includes(l)) proc!.removeListener(e, l);
        }
      });
    }
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

function readLevel(options: unknown, fromConfig: boolean): number {
  if (options === undefined || options === null) return 1;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new CodecError(`bz2: options must be an object, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key === "level" || (fromConfig && key === "id")) continue;
    throw new CodecError(`bz2: unknown configuration key "${key}" (bz2 takes only "level")`);
  }
  const { id, level = 1 } = options as { id?: unknown; level?: unknown };
  if (fromConfig && id !== undefined && id !== "bz2") {
    throw new CodecError(`bz2: cannot build from a config whose id is ${JSON.stringify(id)}`);
  }
  if (typeof level !== "number" || !Number.isInteger(level) || level < 1 || level > 9) {
    throw new CodecError(
      `bz2: "level" must be an integer from 1 to 9, got ${JSON.stringify(level)}`,
    );
  }
  return level;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * numcodecs' `BZ2`: one bzip2 stream, as Python's `bz2.compress(data, level)` writes it (the
 * same libbzip2 1.0.8, so the same bytes). Decoding needs the decoded length up front: it is
 * taken from the pipeline (`out`, or `info.nbytes`) and otherwise found by growing a guess.
 */
export class BZ2 implements Codec {
  static readonly codecId = "bz2";
  readonly id = "bz2";
  readonly level: number;

  constructor(options: BZ2Options = {}) {
    this.level = readLevel(options, false);
  }

  static fromConfig(config: CodecConfig | BZ2Options): BZ2 {
    return new BZ2({ level: readLevel(config, true) });
  }

  async encode(data: CodecInput): Promise<Uint8Array> {
    if (!ArrayBuffer.isView(data)) {
      throw new CodecError(`bz2: can only compress bytes or typed arrays, got a ${typeof data}`);
    }
    const bytes = asBytes(data);
    const bz = await bzip2();
    // libbzip2's documented bound: 1% more than the input plus 600 bytes.
    const bound = bytes.length + Math.ceil(bytes.length / 100) + 600;
    try {
      return bz.compress(bytes, this.level, bound);
    } catch (e) {
      throw new CodecError(`bz2: cannot compress: ${message(e)}`, { cause: e });
    }
  }

  async decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Promise<Uint8Array> {
    // Python's bz2.decompress (so numcodecs) reads an empty input as empty data.
    const decoded =
      data.length === 0
        ? new Uint8Array(0)
        : await inflate(data, out?.length ?? info?.nbytes, out === undefined);
    if (out === undefined) return decoded;
    if (out.length !== decoded.length) {
      throw new CodecError(
        `bz2: decompressed ${decoded.length} bytes, but the chunk holds ${out.length} bytes`,
      );
    }
    out.set(decoded);
    return out;
  }

  toConfig(): CodecConfig {
    return { id: this.id, level: this.level };
  }

  toString(): string {
    return `BZ2(level=${this.level})`;
  }
}

/**
 * `sizeHint` is usually exact; without one, start from a typical ratio. With `grow`, a hint
 * that proves too small is grown; without, the data must fit (it goes into the caller's `out`).
 */
async function inflate(
  data: Uint8Array,
  sizeHint: number | undefined,
  grow: boolean,
): Promise<Uint8Array> {
  const bz = await bzip2();
  // One byte of slack: libbzip2 reports a full buffer, not a truncated stream, when the
  // output fills up exactly before the end-of-stream marker is read.
  let capacity = Math.max(64, sizeHint === undefined ? 8 * data.length : sizeHint + 1);
  for (;;) {
    try {
      return bz.decompress(data, capacity);
    } catch (e) {
      const full = message(e).startsWith("BZ_OUTBUFF_FULL");
      if (full && !grow) {
        throw new CodecError(
          `bz2: decompressed more than ${sizeHint} bytes, but the chunk holds ${sizeHint} bytes`,
        );
      }
      if (full && capacity < MAX_GUESSED_OUTPUT) {
        capacity = Math.min(capacity * 4, MAX_GUESSED_OUTPUT);
        continue;
      }
      const why = full ? `decoded data exceed ${MAX_GUESSED_OUTPUT} bytes` : message(e);
      throw new CodecError(`bz2: corrupt or truncated data: ${why}`, { cause: e });
    }
  }
}

registerCodec("bz2", (config) => BZ2.fromConfig(config));
