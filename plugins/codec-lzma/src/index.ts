import {
  asBytes,
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  type CodecInput,
  CodecError,
  decodeBound,
  decodeOverflow,
  registerCodec,
} from "@zarrkit/core";
import { type Job, OutputTooLarge, runJob } from "./backends.js";
import * as L from "./filters.js";
import type { Filter, LZMAFilterSpec } from "./filters.js";

export type { LzmaBackendChoice, LzmaBackendName } from "./backends.js";
export { lzmaBackend, setLzmaBackend } from "./backends.js";
export type { LZMAFilterSpec } from "./filters.js";

/**
 * Options of {@link LZMA}, as numcodecs' `LZMA(format=1, check=-1, preset=None, filters=None)`
 * (and Python's `lzma.compress`) take them.
 */
export interface LZMAOptions {
  /**
   * The container: FORMAT_XZ (1, default), FORMAT_ALONE (2), FORMAT_RAW (3); FORMAT_AUTO (0)
   * only decodes (XZ or ALONE).
   */
  format?: number;
  /**
   * The integrity check in XZ streams: -1 (default: CRC64 for XZ, none otherwise), CHECK_NONE,
   * CHECK_CRC32, CHECK_CRC64, CHECK_SHA256. ALONE and RAW take none.
   */
  check?: number;
  /** 0-9, optionally plus PRESET_EXTREME; null (default) means 6. Not together with `filters`. */
  preset?: number | null;
  /**
   * A filter chain of up to four specifiers with Python's filter ids and keys, e.g.
   * `[{ id: 3, dist: 4 }, { id: 33, preset: 1 }]`; the last one is LZMA1 or LZMA2. RAW needs
   * it, ALONE takes a single LZMA1. Default `null`: the preset's LZMA2 (or LZMA1 for ALONE).
   */
  filters?: LZMAFilterSpec[] | null;
}

const KEYS = ["format", "check", "preset", "filters"];
const CHECKS = [-1, L.CHECK_NONE, L.CHECK_CRC32, L.CHECK_CRC64, L.CHECK_SHA256];

const show = (v: unknown) => (typeof v === "bigint" ? `${v}` : JSON.stringify(v));

function readOptions(given: unknown, fromConfig: boolean): Required<LZMAOptions> {
  const options = given ?? {};
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new CodecError(`lzma: options must be an object, got ${show(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (KEYS.includes(key) || (fromConfig && key === "id")) continue;
    throw new CodecError(
      `lzma: unknown configuration key "${key}" (lzma takes "format", "check", "preset" and "filters")`,
    );
  }
  const o = options as LZMAOptions & { id?: unknown };
  if (fromConfig && o.id !== undefined && o.id !== "lzma") {
    throw new CodecError(`lzma: cannot build from a config whose id is ${show(o.id)}`);
  }
  const format = o.format ?? L.FORMAT_XZ;
  if (L.FORMAT_NAMES[format] === undefined) {
    throw new CodecError(
      `lzma: "format" must be FORMAT_XZ (1), FORMAT_ALONE (2), FORMAT_RAW (3) or FORMAT_AUTO (0), got ${show(o.format)}`,
    );
  }
  const check = o.check ?? -1;
  if (!CHECKS.includes(check)) {
    throw new CodecError(
      `lzma: "check" must be -1 (the format's default), CHECK_NONE (0), CHECK_CRC32 (1), CHECK_CRC64 (4) or CHECK_SHA256 (10), got ${show(o.check)}`,
    );
  }
  const preset =
    o.preset === undefined || o.preset === null ? null : L.checkPreset(o.preset, '"preset"');
  let filters: LZMAFilterSpec[] | null = null;
  if (o.filters !== undefined && o.filters !== null) {
    L.parseFilters(o.filters, format);
    filters = L.copySpecs(o.filters);
  } else if (format === L.FORMAT_RAW) {
    throw new CodecError(`lzma: FORMAT_RAW needs "filters" (a raw stream does not record them)`);
  }
  return { format, check, preset, filters };
}

/**
 * numcodecs' `LZMA`: Python's `lzma.compress(data, format, check, preset, filters)` and
 * `lzma.decompress`. Decoding XZ and ALONE data reads the filter chain from the stream (so the
 * `filters` of the config are not needed, unlike numcodecs 0.11, which refuses them); RAW data
 * is decoded with `filters`. In Node everything runs on liblzma (lzma-native); elsewhere only
 * plain XZ streams decode (xz-decompress), and the rest fails saying so.
 *
 * Importing the package registers the id `lzma`. The static constants are those of Python's
 * `lzma` module, with the same values.
 *
 * @example
 * ```ts
 * import { LZMA } from "@zarrkit/codec-lzma";
 *
 * const c = new LZMA({
 *   filters: [{ id: LZMA.FILTER_DELTA, dist: 4 }, { id: LZMA.FILTER_LZMA2, preset: 1 }],
 * });
 * c.toConfig(); // { id: "lzma", format: 1, check: -1, preset: null, filters: [...] }
 * const bytes = await c.encode(new Int32Array([1, 2, 3, 4])); // Node (lzma-native) only
 * ```
 */
export class LZMA implements Codec {
  /** The id this codec is registered under and written as in `.zarray` (`"lzma"`). */
  static readonly codecId = "lzma";
  /** `format` 0: decode XZ or ALONE, whichever the data are; cannot encode (`lzma.FORMAT_AUTO`). */
  static readonly FORMAT_AUTO = L.FORMAT_AUTO;
  /** `format` 1, the default: the `.xz` container (`lzma.FORMAT_XZ`). */
  static readonly FORMAT_XZ = L.FORMAT_XZ;
  /** `format` 2: the legacy `.lzma` container, LZMA1 only (`lzma.FORMAT_ALONE`). */
  static readonly FORMAT_ALONE = L.FORMAT_ALONE;
  /** `format` 3: a raw stream, no container; needs `filters` (`lzma.FORMAT_RAW`). */
  static readonly FORMAT_RAW = L.FORMAT_RAW;
  /** `check` 0: no integrity check (`lzma.CHECK_NONE`). */
  static readonly CHECK_NONE = L.CHECK_NONE;
  /** `check` 1: CRC32 (`lzma.CHECK_CRC32`). */
  static readonly CHECK_CRC32 = L.CHECK_CRC32;
  /** `check` 4: CRC64, XZ's default (`lzma.CHECK_CRC64`). */
  static readonly CHECK_CRC64 = L.CHECK_CRC64;
  /** `check` 10: SHA-256 (`lzma.CHECK_SHA256`); decoding it needs lzma-native. */
  static readonly CHECK_SHA256 = L.CHECK_SHA256;
  /** The preset used when none is given: 6 (`lzma.PRESET_DEFAULT`). */
  static readonly PRESET_DEFAULT = L.PRESET_DEFAULT;
  /**
   * A flag added to a preset (`9 + LZMA.PRESET_EXTREME`) for a slower, slightly better
   * compression (`lzma.PRESET_EXTREME`, 0x80000000).
   */
  static readonly PRESET_EXTREME = L.PRESET_EXTREME;
  /** Filter id 3: the delta filter, key `dist` (bytes between compared values). */
  static readonly FILTER_DELTA = L.FILTER_DELTA;
  /**
   * Filter id 2^62 + 1: LZMA1, the last filter of an ALONE or RAW chain. A bigint, since the
   * value does not fit in a double; a config that holds the rounded number 2^62 is accepted.
   */
  static readonly FILTER_LZMA1 = L.FILTER_LZMA1;
  /**
   * Filter id 33: LZMA2, the usual last filter, keys `preset`, `dict_size`, `lc`, `lp`, `pb`,
   * `mode`, `nice_len`, `mf`, `depth`.
   */
  static readonly FILTER_LZMA2 = L.FILTER_LZMA2;
  /** Filter id 4: the x86 branch filter (BCJ), key `start_offset`. */
  static readonly FILTER_X86 = L.FILTER_X86;
  /** Filter id 5: the PowerPC branch filter, key `start_offset`. */
  static readonly FILTER_POWERPC = L.FILTER_POWERPC;
  /** Filter id 6: the IA-64 branch filter, key `start_offset`. */
  static readonly FILTER_IA64 = L.FILTER_IA64;
  /** Filter id 7: the ARM branch filter, key `start_offset`. */
  static readonly FILTER_ARM = L.FILTER_ARM;
  /** Filter id 8: the ARM-Thumb branch filter, key `start_offset`. */
  static readonly FILTER_ARMTHUMB = L.FILTER_ARMTHUMB;
  /** Filter id 9: the SPARC branch filter, key `start_offset`. */
  static readonly FILTER_SPARC = L.FILTER_SPARC;
  /** `mode` 1 of an LZMA filter: the fast match finder mode (`lzma.MODE_FAST`). */
  static readonly MODE_FAST = L.MODE_FAST;
  /** `mode` 2 of an LZMA filter: the normal, slower and better mode (`lzma.MODE_NORMAL`). */
  static readonly MODE_NORMAL = L.MODE_NORMAL;
  /** `mf` 3 of an LZMA filter: hash chain match finder, 2- and 3-byte hashing. */
  static readonly MF_HC3 = L.MF_HC3;
  /** `mf` 4 of an LZMA filter: hash chain match finder, 2-, 3- and 4-byte hashing. */
  static readonly MF_HC4 = L.MF_HC4;
  /** `mf` 18 (0x12) of an LZMA filter: binary tree match finder, 2-byte hashing. */
  static readonly MF_BT2 = L.MF_BT2;
  /** `mf` 19 (0x13) of an LZMA filter: binary tree match finder, 2- and 3-byte hashing. */
  static readonly MF_BT3 = L.MF_BT3;
  /** `mf` 20 (0x14) of an LZMA filter: binary tree match finder, 2-, 3- and 4-byte hashing. */
  static readonly MF_BT4 = L.MF_BT4;

  readonly id = "lzma";
  /** The container format: {@link LZMA.FORMAT_XZ} (1, default), ALONE (2), RAW (3) or AUTO (0). */
  readonly format: number;
  /** The integrity check: -1 (default: the format's own) or one of the `CHECK_*` values. */
  readonly check: number;
  /** The compression preset 0-9 (optionally with PRESET_EXTREME), or `null` for 6. */
  readonly preset: number | null;
  /** The filter chain as given (Python's ids and keys), or `null` for the preset's. */
  readonly filters: readonly LZMAFilterSpec[] | null;
  readonly #chain: Filter[] | null;

  /**
   * Checks the options by Python's lzma rules and fills in numcodecs' defaults.
   *
   * @throws {CodecError} when a key is unknown, `format`, `check` or `preset` is not one of
   *   the allowed values, the filter chain is invalid for the format, or RAW has no `filters`.
   */
  constructor(options: LZMAOptions = {}) {
    const o = readOptions(options, false);
    this.format = o.format;
    this.check = o.check;
    this.preset = o.preset;
    this.filters = o.filters;
    this.#chain = o.filters === null ? null : L.parseFilters(o.filters, o.format);
  }

  /**
   * Builds the codec from its metadata config, `{ id: "lzma", format, check, preset, filters }`
   * as numcodecs writes it (`id` may be left out).
   *
   * @throws {CodecError} when the id is not `"lzma"` or a key or value is invalid.
   */
  static fromConfig(config: CodecConfig | LZMAOptions): LZMA {
    return new LZMA(readOptions(config, true));
  }

  /**
   * Compresses one chunk as Python's `lzma.compress` does with these settings. Needs
   * lzma-native (Node).
   *
   * @param data - The chunk's bytes, or a typed array viewed as its bytes.
   * @throws {CodecError} when `data` is not bytes or a typed array, the format is FORMAT_AUTO,
   *   both `preset` and `filters` are set, a check is asked of ALONE or RAW, or the engine
   *   cannot encode (xz-decompress).
   */
  async encode(data: CodecInput): Promise<Uint8Array> {
    if (!ArrayBuffer.isView(data)) {
      throw new CodecError(`lzma: can only compress bytes or typed arrays, got a ${typeof data}`);
    }
    const bytes = asBytes(data);
    return runJob(this.#encodeJob(), bytes, bytes.length + 1024, "compress");
  }

  #encodeJob(): Job {
    const { format, check, preset } = this;
    const chain = this.#chain;
    if (format === L.FORMAT_AUTO) {
      throw new CodecError(
        "lzma: FORMAT_AUTO can only decode; choose FORMAT_XZ, FORMAT_ALONE or FORMAT_RAW to compress",
      );
    }
    if (preset !== null && chain !== null) {
      throw new CodecError(
        'lzma: cannot compress with both "preset" and "filters" (as Python\'s lzma)',
      );
    }
    if (format !== L.FORMAT_XZ && check !== -1 && check !== L.CHECK_NONE) {
      throw new CodecError(
        `lzma: integrity checks are only supported by FORMAT_XZ, got "check" ${check} with ${L.FORMAT_NAMES[format]}`,
      );
    }
    const level = preset ?? L.PRESET_DEFAULT;
    if (format === L.FORMAT_XZ) {
      const xzCheck = check === -1 ? L.CHECK_CRC64 : check;
      return chain === null
        ? { op: "easy", preset: level, check: xzCheck }
        : { op: "stream", filters: chain, check: xzCheck };
    }
    if (format === L.FORMAT_ALONE) {
      const first = chain?.[0];
      const settings = first?.kind === "lzma1" ? first.settings : L.presetSettings(level);
      return { op: "alone-encode", settings };
    }
    return { op: "raw-encode", filters: chain! };
  }

  /**
   * Decompresses one chunk in this codec's {@link LZMA.format}: XZ and ALONE streams carry
   * their own filter chain, RAW data are decoded with {@link LZMA.filters}, AUTO takes XZ or
   * ALONE. Without lzma-native only plain XZ streams (LZMA2 alone, no SHA-256 check) decode.
   *
   * @param data - The compressed chunk.
   * @param out - When given, the decoded bytes are written there and it is returned; its length
   *   must equal the decoded size.
   * @param info - The chunk's decoded size (`nbytes`), the most this decode may produce.
   * @throws {CodecError} when the data are empty, corrupt or truncated, need lzma-native where
   *   it is missing, decode to another size than `out`, or to more than the decode bound
   *   (`out`, `info.nbytes`, else `setDecodeLimit`).
   */
  async decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Promise<Uint8Array> {
    if (data.length === 0) {
      throw new CodecError("lzma: corrupt or truncated data: the input is empty");
    }
    const bound = decodeBound(out, info);
    const hint = out?.length ?? info?.nbytes ?? Math.min(data.length * 4, bound);
    const job: Job =
      this.format === L.FORMAT_XZ
        ? { op: "xz-decode" }
        : this.format === L.FORMAT_ALONE
          ? { op: "alone-decode" }
          : this.format === L.FORMAT_AUTO
            ? { op: "auto-decode" }
            : { op: "raw-decode", filters: this.#chain! };
    let decoded: Uint8Array;
    try {
      decoded = await runJob(job, data, hint + 1, "decompress", bound);
    } catch (e) {
      if (e instanceof OutputTooLarge) throw decodeOverflow(this.id, bound);
      throw e;
    }
    if (out === undefined) return decoded;
    if (out.length !== decoded.length) {
      throw new CodecError(
        `lzma: decompressed ${decoded.length} bytes, but the chunk holds ${out.length} bytes`,
      );
    }
    out.set(decoded);
    return out;
  }

  toConfig(): CodecConfig {
    return {
      id: this.id,
      format: this.format,
      check: this.check,
      preset: this.preset,
      filters: this.filters === null ? null : L.copySpecs(this.filters),
    };
  }

  toString(): string {
    const filters = this.filters === null ? "None" : L.reprSpecs(this.filters);
    const preset = this.preset === null ? "None" : String(this.preset);
    return `LZMA(format=${this.format}, check=${this.check}, preset=${preset}, filters=${filters})`;
  }
}

registerCodec("lzma", (config) => LZMA.fromConfig(config), { firstParameter: "format" });
