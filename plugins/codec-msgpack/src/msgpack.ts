import { Decoder, Encoder } from "@msgpack/msgpack";
import {
  booleanOption,
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  CodecError,
  type CodecInput,
  checkCodecOptions,
  payloadEncodedInfo,
  payloadItems,
  payloadNumericType,
  payloadResult,
  toObjectPayload,
} from "@zarrkit/core";

/** numcodecs' `MsgPack` configuration keys, with its defaults. */
export interface MsgPackOptions {
  /** Write floats as float32 (default false: float64). */
  use_single_float?: boolean;
  /**
   * Write byte strings as msgpack bin and allow str8 (default true); false is msgpack's legacy
   * raw format, which cannot hold byte strings or strings of 32 to 255 UTF-8 bytes here.
   */
  use_bin_type?: boolean;
  /** Decode msgpack strings to bytes (`Uint8Array`) instead of strings (default false). */
  raw?: boolean;
}

const ID = "msgpack2";
const KEYS = ["use_single_float", "use_bin_type", "raw"] as const;
// Python's msgpack packer and unpacker stop at this nesting depth.
const MAX_DEPTH = 511;
const INT32_MIN = -(2 ** 31);
const UINT32_END = 2 ** 32;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
const utf8 = new TextEncoder();
const latin1 = new TextDecoder("latin1");

/**
 * numcodecs' `MsgPack` (id `msgpack2`): an object array as the msgpack encoding of
 * `[...a.tolist(), dtype, shape]`, byte for byte as Python's msgpack packs it. Encoding takes
 * the chunk as a JS array of null, booleans, numbers, bigints, strings, `Uint8Array`s, arrays
 * and plain objects; decoding returns one.
 *
 * Importing the package registers the id `msgpack2`. Like numcodecs, it also works as a filter
 * of bool, integer and float arrays, writing the values as `tolist()` would.
 *
 * @example
 * ```ts
 * import { MsgPack } from "@zarrkit/codec-msgpack";
 *
 * const codec = new MsgPack(); // numcodecs' defaults
 * String(codec); // "MsgPack(raw=False, use_bin_type=True, use_single_float=False)"
 * const bytes = codec.encode(["a", 1, new Uint8Array([7])]);
 * codec.decode(bytes); // ["a", 1, Uint8Array [7]]
 * ```
 */
export class MsgPack implements Codec {
  /** The id this codec is registered under and written as in `.zarray` (`"msgpack2"`). */
  static readonly codecId = ID;
  readonly id = ID;
  /** Whether floats are packed as float32 rather than float64. Default `false`. */
  readonly use_single_float: boolean;
  /** Whether byte strings are packed as msgpack bin (and str8 is used). Default `true`. */
  readonly use_bin_type: boolean;
  /** Whether msgpack strings decode to `Uint8Array`s rather than strings. Default `false`. */
  readonly raw: boolean;
  readonly #encoder: Encoder;
  /** For float arrays, whose every element Python packs as a float, integral or not. */
  readonly #floatEncoder: Encoder;
  readonly #decoder: Decoder;

  /**
   * Checks the options by numcodecs' rules and fills in its defaults.
   *
   * @throws {CodecError} when a key is unknown or a flag is not a boolean.
   */
  constructor(options: MsgPackOptions = {}) {
    checkCodecOptions(ID, "MsgPack", options, KEYS);
    const flag = (key: (typeof KEYS)[number], dflt: boolean) =>
      booleanOption(ID, options, key, dflt);
    this.use_single_float = flag("use_single_float", false);
    this.use_bin_type = flag("use_bin_type", true);
    this.raw = flag("raw", false);
    // Integers outside 32 bits reach the encoder as bigints (see #normalise), which it writes
    // as (u)int64 as Python does; with useBigInt64 it would write larger numbers as floats.
    this.#encoder = new Encoder({
      useBigInt64: true,
      forceFloat32: this.use_single_float,
      maxDepth: MAX_DEPTH,
    });
    this.#floatEncoder = new Encoder({
      forceIntegerToFloat: true,
      forceFloat32: this.use_single_float,
      maxDepth: MAX_DEPTH,
    });
    this.#decoder = new Decoder({ useBigInt64: true, rawStrings: this.raw });
  }

  /**
   * Builds the codec from its metadata config, `{ id: "msgpack2", use_single_float,
   * use_bin_type, raw }` as numcodecs writes it.
   *
   * @throws {CodecError} when a key is unknown or a flag is not a boolean.
   */
  static fromConfig(config: CodecConfig | MsgPackOptions = {}): MsgPack {
    return new MsgPack(config as MsgPackOptions);
  }

  /**
   * Packs a chunk as numcodecs does: its values as nested lists (one level per dimension of
   * `info.shape`), then the dtype string and the shape.
   *
   * @param data - An object chunk as a JS array of msgpack-able values, or a bool, integer or
   *   float chunk's bytes when used as a filter.
   * @param info - The chunk's dtype and shape; without it, a 1-d object chunk is assumed.
   * @throws {CodecError} when a value cannot be packed (naming the item): another typed array,
   *   a `Map` or class instance, a circular value, an integer outside 64 bits, or a value the
   *   legacy format (`use_bin_type: false`) cannot hold.
   */
  encode(data: CodecInput, info?: ChunkInfo): Uint8Array {
    const dt = payloadNumericType(ID, info);
    const raw = payloadItems(ID, data, dt, info);
    // a float array holds plain numbers, which the float encoder packs as they are
    const items =
      dt?.kind === "f" ? raw : raw.map((v, i) => this.#normalise(v, `item ${i}`, new Set(), 0));
    const payload = toObjectPayload(items, dt?.str ?? "|O", info?.shape ?? [raw.length]);
    try {
      if (dt?.kind !== "f") return this.#encoder.encode(payload);
      // floats as floats, but the shape as integers: pack the outer list piece by piece
      const body = payload.slice(0, -2).map((x) => this.#floatEncoder.encode(x));
      const tail = payload.slice(-2).map((x) => this.#encoder.encode(x));
      return concat([arrayHeader(payload.length), ...body, ...tail]);
    } catch (e) {
      throw new CodecError(`${ID}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** What Python's msgpack would be handed for this value, or an error naming the item. */
  #normalise(v: unknown, where: string, active: Set<object>, depth: number): unknown {
    if (depth > MAX_DEPTH) throw new CodecError(`${ID}: ${where} nests deeper than ${MAX_DEPTH}`);
    if (v === null || v === undefined || typeof v === "boolean") return v ?? null;
    if (typeof v === "number") {
      if (!Number.isSafeInteger(v)) return v;
      return v >= INT32_MIN && v < UINT32_END ? v : BigInt(v);
    }
    if (typeof v === "bigint") {
      if (v >= BigInt(INT32_MIN) && v < BigInt(UINT32_END)) return Number(v);
      if (v < INT64_MIN || v > UINT64_MAX) {
        throw new CodecError(`${ID}: ${where} is ${v}, outside msgpack's 64-bit integers`);
      }
      return v;
    }
    if (typeof v === "string") {
      if (!this.use_bin_type) {
        // the legacy format has no str8; refuse rather than write other bytes than Python
        const n = utf8.encode(v).length;
        if (n >= 32 && n < 256) {
          throw new CodecError(
            `${ID}: ${where} is a string of ${n} UTF-8 bytes, which use_bin_type=false writes without str8; zarrkit cannot write that form`,
          );
        }
      }
      return v;
    }
    if (v instanceof Uint8Array) {
      if (!this.use_bin_type) {
        throw new CodecError(
          `${ID}: ${where} is bytes, which use_bin_type=false writes as a raw string; zarrkit cannot write that form`,
        );
      }
      return v;
    }
    if (Array.isArray(v) || isPlainObject(v)) {
      if (active.has(v)) throw new CodecError(`${ID}: ${where} contains a circular reference`);
      active.add(v);
      let out: unknown;
      if (Array.isArray(v)) {
        out = v.map((x) => this.#normalise(x, where, active, depth + 1));
      } else {
        const o: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
          Object.defineProperty(o, k, {
            value: this.#normalise(x, where, active, depth + 1),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        out = o;
      }
      active.delete(v);
      return out;
    }
    const name = typeof v === "object" ? (v.constructor?.name ?? "object") : typeof v;
    throw new CodecError(`${ID}: ${where} is a ${name}, which msgpack cannot serialise`);
  }

  /**
   * Object arrays decode to a JS array, numeric ones to the chunk's bytes (into `out` when
   * given). The values decoded stay proportional to the input, so no size claim needs bounding.
   */
  decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): unknown[] | Uint8Array {
    const dt = payloadNumericType(ID, info);
    let payload: unknown;
    try {
      payload = this.#decoder.decode(data);
    } catch (e) {
      throw new CodecError(`${ID}: corrupt chunk, ${(e as Error).message}`, { cause: e });
    }
    if (this.raw && Array.isArray(payload) && payload.length >= 2) {
      // with raw, Python hands NumPy the dtype as bytes too, which it accepts
      const dtype = payload[payload.length - 2];
      if (dtype instanceof Uint8Array) payload[payload.length - 2] = latin1.decode(dtype);
    }
    return payloadResult(ID, fromDecoder(payload, 0), dt, info, out);
  }

  encodedInfo(info: ChunkInfo): ChunkInfo {
    return payloadEncodedInfo(info);
  }

  toConfig(): CodecConfig {
    return {
      id: ID,
      raw: this.raw,
      use_single_float: this.use_single_float,
      use_bin_type: this.use_bin_type,
    };
  }

  toString(): string {
    const py = (b: boolean) => (b ? "True" : "False");
    return `MsgPack(raw=${py(this.raw)}, use_bin_type=${py(this.use_bin_type)}, use_single_float=${py(this.use_single_float)})`;
  }
}

/**
 * The decoder returns every 64-bit integer as a bigint; Python packs only integers outside
 * 32 bits that way, so those within a double's exact range become numbers again. Byte
 * strings are views of the chunk (Buffers when the store hands out Buffers): copy them, so an
 * item neither keeps the chunk alive nor aliases the caller's buffer.
 */
function fromDecoder(v: unknown, depth: number): unknown {
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (typeof v === "bigint") {
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(v)
      : v;
  }
  if (depth > MAX_DEPTH) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = fromDecoder(v[i], depth + 1);
  } else if (isPlainObject(v)) {
    for (const k of Object.keys(v)) v[k] = fromDecoder(v[k], depth + 1);
  }
  return v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A msgpack array header for `n` elements (fixarray, array 16 or array 32). */
function arrayHeader(n: number): Uint8Array {
  if (n < 16) return Uint8Array.of(0x90 + n);
  if (n < 0x10000) return Uint8Array.of(0xdc, n >> 8, n & 0xff);
  return Uint8Array.of(0xdd, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
