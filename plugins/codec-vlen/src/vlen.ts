import {
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  CodecError,
  type CodecInput,
} from "@zarrkit/core";

const HEADER = 4;
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
/** With the u flag a surrogate pair is one code point, so this matches only unpaired halves. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** numcodecs counts None, 0 and False as missing values and writes them as empty items. */
function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === 0 || v === false;
}

function checkOptions(id: string, name: string, options: unknown): void {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new CodecError(`${id}: options must be an empty object (${name} takes none)`);
  }
  for (const key of Object.keys(options)) {
    if (key === "id" && (options as { id: unknown }).id === id) continue;
    if (key === "id") {
      throw new CodecError(
        `${id}: cannot build from a config whose id is ${JSON.stringify((options as { id: unknown }).id)}`,
      );
    }
    throw new CodecError(`${id}: unknown configuration key "${key}" (${name} takes none)`);
  }
}

export function checkObjectInfo(id: string, info: ChunkInfo | undefined): void {
  if (info && info.dtype !== "|O") {
    throw new CodecError(`${id}: an object codec for dtype "|O" arrays, got ${info.dtype} data`);
  }
}

/** Frame items as numcodecs does: uint32 count, then each item as uint32 length + bytes. */
export function frame(parts: Uint8Array[]): Uint8Array {
  let total = HEADER;
  for (const p of parts) total += HEADER + p.length;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, parts.length, true);
  let pos = HEADER;
  for (const p of parts) {
    dv.setUint32(pos, p.length, true);
    out.set(p, pos + HEADER);
    pos += HEADER + p.length;
  }
  return out;
}

/** Split a numcodecs frame into its items (views into `data`). */
export function unframe(id: string, data: Uint8Array, info: ChunkInfo | undefined): Uint8Array[] {
  if (data.length < HEADER) {
    throw new CodecError(`${id}: corrupt buffer, missing or truncated header`);
  }
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = dv.getUint32(0, true);
  if (info) {
    const expected = info.shape.reduce((a, b) => a * b, 1);
    if (n !== expected) {
      throw new CodecError(
        `${id}: corrupt buffer, it holds ${n} items but the chunk has ${expected} elements`,
      );
    }
  }
  // each item needs at least its 4-byte length: reject absurd counts before allocating
  if (n > (data.length - HEADER) / HEADER) {
    throw new CodecError(`${id}: corrupt buffer, data seem truncated (${n} items announced)`);
  }
  const items: Uint8Array[] = new Array(n);
  let pos = HEADER;
  for (let i = 0; i < n; i++) {
    if (pos + HEADER > data.length) {
      throw new CodecError(`${id}: corrupt buffer, data seem truncated (item ${i} of ${n})`);
    }
    const len = dv.getUint32(pos, true);
    pos += HEADER;
    if (pos + len > data.length) {
      throw new CodecError(`${id}: corrupt buffer, data seem truncated (item ${i} of ${n})`);
    }
    items[i] = data.subarray(pos, pos + len);
    pos += len;
  }
  return items;
}

export function itemsOf(id: string, data: CodecInput): readonly unknown[] {
  if (!Array.isArray(data)) {
    throw new CodecError(`${id}: expects a JS array of items (an object array chunk), got bytes`);
  }
  return data;
}

export function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}n`;
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
  if (typeof v === "object") return v === null ? "null" : (v.constructor?.name ?? "object");
  return String(v);
}

/**
 * numcodecs' `VLenUTF8`: an object array of strings as UTF-8 items. Encoding takes a JS array
 * of strings (null, undefined, 0 and false are written as ""); decoding returns one.
 *
 * The format: a little-endian uint32 item count, then each item as a uint32 byte length and
 * its UTF-8 bytes. Importing the package registers the id `vlen-utf8`, also its Zarr v3 name
 * (the array->bytes codec of the `string` data type).
 *
 * @example
 * ```ts
 * import { VLenUTF8 } from "@zarrkit/codec-vlen";
 *
 * const codec = new VLenUTF8();
 * const bytes = codec.encode(["a", "héllo", ""]);
 * codec.decode(bytes); // ["a", "héllo", ""]
 * ```
 */
export class VLenUTF8 implements Codec {
  /** The id this codec is registered under and written as in `.zarray` (`"vlen-utf8"`). */
  static readonly codecId = "vlen-utf8";
  readonly id = "vlen-utf8";

  /**
   * Creates the codec; it takes no options, as numcodecs' `VLenUTF8()`.
   *
   * @throws {CodecError} when `options` has any key.
   */
  constructor(options: Record<string, never> = {}) {
    checkOptions("vlen-utf8", "VLenUTF8", options);
  }

  /**
   * Builds the codec from its metadata config, `{ id: "vlen-utf8" }`.
   *
   * @throws {CodecError} when the id is another codec's or the config has any other key.
   */
  static fromConfig(config: CodecConfig | Record<string, never> = {}): VLenUTF8 {
    checkOptions("vlen-utf8", "VLenUTF8", config);
    return new VLenUTF8();
  }

  /**
   * Frames a chunk of strings as numcodecs does.
   *
   * @param data - The chunk as a JS array of strings; `null`, `undefined`, `0` and `false` are
   *   written as empty strings (numcodecs' missing values).
   * @param info - The chunk's info; its dtype, when given, must be `"|O"`.
   * @throws {CodecError} when `data` is not a JS array, an item is not a string (naming the
   *   item), a string holds a lone surrogate, or the dtype is not `"|O"`.
   */
  encode(data: CodecInput, info?: ChunkInfo): Uint8Array {
    checkObjectInfo(this.id, info);
    const items = itemsOf(this.id, data);
    const parts: Uint8Array[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      if (isMissing(v)) {
        parts[i] = new Uint8Array(0);
      } else if (typeof v === "string") {
        if (LONE_SURROGATE.test(v)) {
          throw new CodecError(`vlen-utf8: item ${i} holds a lone surrogate and has no UTF-8 form`);
        }
        parts[i] = utf8.encode(v);
      } else {
        throw new CodecError(`vlen-utf8: expected a string at item ${i}, found ${describe(v)}`);
      }
    }
    return frame(parts);
  }

  /**
   * Reads a numcodecs frame back into a JS array of strings; bytes after the last item are
   * ignored, as numcodecs ignores them.
   *
   * @param info - The chunk's info: its dtype, when given, must be `"|O"`, and its shape's
   *   element count must match the frame's item count.
   * @throws {CodecError} when the frame is truncated, its item count differs from the chunk's,
   *   or an item is not valid UTF-8.
   */
  decode(data: Uint8Array, _out?: Uint8Array, info?: ChunkInfo): string[] {
    checkObjectInfo(this.id, info);
    const parts = unframe(this.id, data, info);
    const out: string[] = new Array(parts.length);
    for (let i = 0; i < parts.length; i++) {
      try {
        out[i] = strictUtf8.decode(parts[i]!);
      } catch {
        throw new CodecError(`vlen-utf8: item ${i} is not valid UTF-8`);
      }
    }
    return out;
  }

  encodedInfo(info: ChunkInfo): ChunkInfo {
    return { ...info, dtype: "|u1", itemsize: 1, nbytes: undefined };
  }

  toConfig(): CodecConfig {
    return { id: "vlen-utf8" };
  }

  toString(): string {
    return "VLenUTF8()";
  }
}

/**
 * numcodecs' `VLenBytes`: an object array of byte strings. Encoding takes a JS array of
 * `Uint8Array`s (or other typed arrays; null, undefined, 0 and false are written as empty);
 * decoding returns `Uint8Array`s.
 *
 * The format: a little-endian uint32 item count, then each item as a uint32 byte length and
 * its bytes. Importing the package registers the id `vlen-bytes`, also its Zarr v3 name (the
 * array->bytes codec of the `bytes` data type).
 *
 * @example
 * ```ts
 * import { VLenBytes } from "@zarrkit/codec-vlen";
 *
 * const codec = new VLenBytes();
 * const bytes = codec.encode([Uint8Array.of(1, 2), null]);
 * codec.decode(bytes); // [Uint8Array [1, 2], Uint8Array []]
 * ```
 */
export class VLenBytes implements Codec {
  /** The id this codec is registered under and written as in `.zarray` (`"vlen-bytes"`). */
  static readonly codecId = "vlen-bytes";
  readonly id = "vlen-bytes";

  /**
   * Creates the codec; it takes no options, as numcodecs' `VLenBytes()`.
   *
   * @throws {CodecError} when `options` has any key.
   */
  constructor(options: Record<string, never> = {}) {
    checkOptions("vlen-bytes", "VLenBytes", options);
  }

  /**
   * Builds the codec from its metadata config, `{ id: "vlen-bytes" }`.
   *
   * @throws {CodecError} when the id is another codec's or the config has any other key.
   */
  static fromConfig(config: CodecConfig | Record<string, never> = {}): VLenBytes {
    checkOptions("vlen-bytes", "VLenBytes", config);
    return new VLenBytes();
  }

  /**
   * Frames a chunk of byte strings as numcodecs does.
   *
   * @param data - The chunk as a JS array of typed arrays (their bytes are written); `null`,
   *   `undefined`, `0` and `false` are written as empty items.
   * @param info - The chunk's info; its dtype, when given, must be `"|O"`.
   * @throws {CodecError} when `data` is not a JS array, an item is not a typed array (naming
   *   the item), or the dtype is not `"|O"`.
   */
  encode(data: CodecInput, info?: ChunkInfo): Uint8Array {
    checkObjectInfo(this.id, info);
    const items = itemsOf(this.id, data);
    const parts: Uint8Array[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      if (isMissing(v)) parts[i] = new Uint8Array(0);
      else if (ArrayBuffer.isView(v))
        parts[i] = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      else {
        throw new CodecError(`vlen-bytes: expected bytes at item ${i}, found ${describe(v)}`);
      }
    }
    return frame(parts);
  }

  /**
   * Reads a numcodecs frame back into a JS array of `Uint8Array`s; bytes after the last item
   * are ignored, as numcodecs ignores them.
   *
   * @param info - The chunk's info: its dtype, when given, must be `"|O"`, and its shape's
   *   element count must match the frame's item count.
   * @throws {CodecError} when the frame is truncated or its item count differs from the chunk's.
   */
  decode(data: Uint8Array, _out?: Uint8Array, info?: ChunkInfo): Uint8Array[] {
    checkObjectInfo(this.id, info);
    // copies, so the items do not keep the whole chunk alive or alias the caller's buffer
    return unframe(this.id, data, info).map((p) => p.slice());
  }

  encodedInfo(info: ChunkInfo): ChunkInfo {
    return { ...info, dtype: "|u1", itemsize: 1, nbytes: undefined };
  }

  toConfig(): CodecConfig {
    return { id: "vlen-bytes" };
  }

  toString(): string {
    return "VLenBytes()";
  }
}
