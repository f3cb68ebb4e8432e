import {
  booleanOption,
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  CodecError,
  type CodecInput,
  checkCodecOptions,
  PyFloat,
  type PyJsonProblem,
  parseJson,
  payloadEncodedInfo,
  payloadItems,
  payloadNumericType,
  payloadResult,
  pyJsonDumps,
  toObjectPayload,
} from "@zarrkit/core";

/**
 * numcodecs' `JSON` configuration keys, with its defaults. The names are numcodecs' (and
 * Python's `json.dumps`) snake_case keyword arguments, as they appear in the metadata.
 */
export interface JSONOptions {
  /** Text encoding of the stored JSON: utf-8 (default), ascii or latin-1. */
  encoding?: string;
  /**
   * Python skips dict keys that are not str/int/float/bool/None; JS keys are always strings,
   * so this only travels in the config. Default `false`.
   */
  skipkeys?: boolean;
  /**
   * Write every non-ASCII character as a `\uXXXX` escape, as Python's `json.dumps` does.
   * Default `true`.
   */
  ensure_ascii?: boolean;
  /**
   * Python's circular-reference check; zarrkit always refuses a circular value. Default `true`.
   */
  check_circular?: boolean;
  /**
   * Write NaN and ±Infinity as `NaN`, `Infinity`, `-Infinity` (not strict JSON, as Python
   * does); when `false`, encoding such a value throws. Default `true`.
   */
  allow_nan?: boolean;
  /** Write object keys sorted by code point. Default `true` (numcodecs' default). */
  sort_keys?: boolean;
  /**
   * Pretty-print with this many spaces (a number) or this string per level; `null` (the
   * default) writes everything on one line.
   */
  indent?: number | string | null;
  /** [item separator, key separator]; defaults to compact, or [", ", ": "] with an indent. */
  separators?: readonly [string, string] | null;
  /** Refuse control characters inside strings when decoding. Default `true`. */
  strict?: boolean;
}

const ID = "json2";
const BOOLEAN_KEYS = [
  "skipkeys",
  "ensure_ascii",
  "check_circular",
  "allow_nan",
  "sort_keys",
  "strict",
] as const;
const KEYS = ["encoding", "indent", "separators", ...BOOLEAN_KEYS];
// Python's json.loads gives up at its recursion limit.
const MAX_DEPTH = 1000;

type Encoding = "utf-8" | "ascii" | "latin-1";

/** The Python codec names numcodecs users write for the encodings a browser can do exactly. */
function encodingOf(name: string): Encoding | undefined {
  const n = name.toLowerCase().replace(/_/g, "-");
  if (n === "utf-8" || n === "utf8" || n === "u8") return "utf-8";
  if (n === "ascii" || n === "us-ascii") return "ascii";
  if (["latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1"].includes(n)) return "latin-1";
  return undefined;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * numcodecs' `JSON` (id `json2`): an object array as the JSON text of `[...a.tolist(),
 * dtype, shape]`, written exactly as Python's `json` module writes it. Encoding takes the
 * chunk as a JS array of JSON-able values (null, booleans, numbers, bigints, strings, arrays,
 * plain objects); decoding returns one.
 *
 * Importing the package registers the id `json2`. Like numcodecs, it also works as a filter
 * of bool, integer and float arrays, writing the values as `tolist()` would.
 *
 * @example
 * ```ts
 * import { JSONCodec } from "@zarrkit/codec-json";
 *
 * const codec = new JSONCodec(); // numcodecs' defaults
 * const bytes = codec.encode(["a", 1, { k: [null] }]);
 * new TextDecoder().decode(bytes); // '["a",1,{"k":[null]},"|O",[3]]'
 * codec.decode(bytes); // ["a", 1, { k: [null] }]
 * ```
 */
export class JSONCodec implements Codec {
  /** The id this codec is registered under and written as in `.zarray` (`"json2"`). */
  static readonly codecId = ID;
  readonly id = ID;
  /** The text encoding of the stored JSON, as given (e.g. `"utf-8"`, `"latin1"`). */
  readonly encoding: string;
  /** Kept for the config only: JS object keys are always strings. Default `false`. */
  readonly skipkeys: boolean;
  /** Whether non-ASCII characters are written as `\uXXXX` escapes. Default `true`. */
  readonly ensure_ascii: boolean;
  /** Kept for the config only: a circular value is always refused. Default `true`. */
  readonly check_circular: boolean;
  /** Whether NaN and ±Infinity may be written (as `NaN`, `Infinity`). Default `true`. */
  readonly allow_nan: boolean;
  /** Whether object keys are written sorted by code point. Default `true`. */
  readonly sort_keys: boolean;
  /** The indent per nesting level (spaces or a string); `null`, the default, for one line. */
  readonly indent: number | string | null;
  /**
   * [item separator, key separator] as written: `[",", ":"]` by default, `[", ", ": "]` when
   * an indent is set and none were given.
   */
  readonly separators: readonly [string, string];
  /** Whether decoding refuses control characters inside strings. Default `true`. */
  readonly strict: boolean;
  readonly #encoding: Encoding;

  /**
   * Checks the options by numcodecs' rules and fills in its defaults.
   *
   * @throws {CodecError} when a key is unknown, `encoding` is not utf-8, ascii or latin-1 (or
   *   one of their Python aliases), a flag is not a boolean, or `indent` or `separators` has
   *   the wrong form.
   */
  constructor(options: JSONOptions = {}) {
    checkCodecOptions(ID, "JSON", options, KEYS);
    const encoding = options.encoding ?? "utf-8";
    const enc = typeof encoding === "string" ? encodingOf(encoding) : undefined;
    if (enc === undefined) {
      throw new CodecError(
        `${ID}: encoding ${JSON.stringify(encoding)} is not supported (utf-8, ascii or latin-1)`,
      );
    }
    this.encoding = encoding;
    this.#encoding = enc;
    const flag = (key: (typeof BOOLEAN_KEYS)[number], dflt: boolean) =>
      booleanOption(ID, options, key, dflt);
    this.skipkeys = flag("skipkeys", false);
    this.ensure_ascii = flag("ensure_ascii", true);
    this.check_circular = flag("check_circular", true);
    this.allow_nan = flag("allow_nan", true);
    this.sort_keys = flag("sort_keys", true);
    this.strict = flag("strict", true);
    const indent = options.indent ?? null;
    if (indent !== null && typeof indent !== "string" && !Number.isSafeInteger(indent)) {
      throw new CodecError(
        `${ID}: indent must be null, an integer or a string, got ${JSON.stringify(indent)}`,
      );
    }
    this.indent = indent;
    const separators = options.separators ?? null;
    if (separators === null) {
      // numcodecs pins them so the output does not depend on the Python version
      this.separators = indent === null ? [",", ":"] : [", ", ": "];
    } else if (
      Array.isArray(separators) &&
      separators.length === 2 &&
      separators.every((s) => typeof s === "string")
    ) {
      this.separators = [separators[0], separators[1]];
    } else {
      throw new CodecError(
        `${ID}: separators must be null or [item separator, key separator] strings, got ${JSON.stringify(separators)}`,
      );
    }
  }

  /**
   * Builds the codec from its metadata config, `{ id: "json2", encoding, ... }` as numcodecs
   * writes it.
   *
   * @throws {CodecError} when a key or value is invalid (see the constructor).
   */
  static fromConfig(config: CodecConfig | JSONOptions = {}): JSONCodec {
    return new JSONCodec(config as JSONOptions);
  }

  /**
   * Writes a chunk as numcodecs does: its values as nested lists (one level per dimension of
   * `info.shape`), then the dtype string and the shape, as JSON text in {@link JSONCodec.encoding}.
   *
   * @param data - An object chunk as a JS array of JSON-able values, or a bool, integer or
   *   float chunk's bytes when used as a filter.
   * @param info - The chunk's dtype and shape; without it, a 1-d object chunk is assumed.
   * @throws {CodecError} when a value cannot be written as JSON (naming the item), a value is
   *   NaN or infinite and `allow_nan` is false, a character has no form in the encoding, or the
   *   chunk's dtype is not one JSON can hold.
   */
  encode(data: CodecInput, info?: ChunkInfo): Uint8Array {
    const dt = payloadNumericType(ID, info);
    let items = payloadItems(ID, data, dt, info);
    // a float array's elements are Python floats, written "1.0" even when integral
    if (dt?.kind === "f") items = items.map((v) => new PyFloat(v as number));
    const shape = info?.shape ?? [items.length];
    const text = pyJsonDumps(toObjectPayload(items, dt?.str ?? "|O", shape), {
      ensure_ascii: this.ensure_ascii,
      allow_nan: this.allow_nan,
      sort_keys: this.sort_keys,
      indent: this.indent,
      separators: this.separators,
      unsafe_integers_as_floats: true,
      error: (path, problem) => {
        // the payload's top-level list holds the chunk's rows: name the row's first item
        const where =
          path.length === 0 ? "the chunk" : `item ${flatIndex(path[0] as number, shape)}`;
        return new CodecError(`${ID}: ${where} ${problemText(problem)}`);
      },
    });
    return this.#toBytes(text);
  }

  /**
   * Object arrays decode to a JS array, numeric ones to the chunk's bytes (into `out` when
   * given). The values parsed stay proportional to the text, so no size claim needs bounding.
   */
  decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): unknown[] | Uint8Array {
    const dt = payloadNumericType(ID, info);
    const payload = parseJson(this.#toText(data), ID, {
      strict: this.strict,
      maxDepth: MAX_DEPTH,
      error: (at, what) => new CodecError(`${ID}: invalid JSON at character ${at.offset}: ${what}`),
    });
    return payloadResult(ID, payload, dt, info, out);
  }

  #toBytes(text: string): Uint8Array {
    if (this.#encoding === "utf-8") {
      if (LONE_SURROGATE.test(text)) {
        throw new CodecError(
          `${ID}: a string holds a lone surrogate, which has no UTF-8 form (set ensure_ascii to escape it)`,
        );
      }
      return utf8Encoder.encode(text);
    }
    const max = this.#encoding === "ascii" ? 0x7f : 0xff;
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > max) {
        throw new CodecError(
          `${ID}: character U+${c.toString(16).padStart(4, "0")} cannot be encoded in ${this.encoding} (set ensure_ascii to escape it)`,
        );
      }
      out[i] = c;
    }
    return out;
  }

  #toText(data: Uint8Array): string {
    if (this.#encoding === "utf-8") {
      try {
        return utf8Decoder.decode(data);
      } catch {
        throw new CodecError(`${ID}: the chunk is not valid UTF-8 text`);
      }
    }
    if (this.#encoding === "ascii") {
      const bad = data.findIndex((b) => b > 0x7f);
      if (bad >= 0) throw new CodecError(`${ID}: byte ${bad} of the chunk is not ASCII`);
    }
    let s = "";
    for (let i = 0; i < data.length; i += 8192) {
      s += String.fromCharCode(...data.subarray(i, i + 8192));
    }
    return s;
  }

  encodedInfo(info: ChunkInfo): ChunkInfo {
    return payloadEncodedInfo(info);
  }

  toConfig(): CodecConfig {
    return {
      id: ID,
      encoding: this.encoding,
      skipkeys: this.skipkeys,
      ensure_ascii: this.ensure_ascii,
      check_circular: this.check_circular,
      allow_nan: this.allow_nan,
      indent: this.indent,
      separators: [...this.separators],
      sort_keys: this.sort_keys,
      strict: this.strict,
    };
  }

  /** numcodecs' repr: sorted keyword arguments, wrapped at 80 columns as textwrap.fill does. */
  toString(): string {
    const params = [
      `encoding=${pyRepr(this.encoding)}`,
      `allow_nan=${pyRepr(this.allow_nan)}`,
      `check_circular=${pyRepr(this.check_circular)}`,
      `ensure_ascii=${pyRepr(this.ensure_ascii)}`,
      `indent=${pyRepr(this.indent)}`,
      `separators=(${pyRepr(this.separators[0])}, ${pyRepr(this.separators[1])})`,
      `skipkeys=${pyRepr(this.skipkeys)}`,
      `sort_keys=${pyRepr(this.sort_keys)}`,
      `strict=${pyRepr(this.strict)}`,
    ];
    return textwrapFill(`JSON(${params.join(", ")})`, 80, "     ");
  }
}

/** The C-order index of the first element of row `row` of the chunk (for error messages). */
function flatIndex(row: number, shape: readonly number[]): number {
  return shape.length === 0 ? row : row * shape.slice(1).reduce((a, b) => a * b, 1);
}

/** numcodecs' wording, after Python's json module, for a value it cannot write. */
function problemText(problem: PyJsonProblem): string {
  if (problem.reason === "circular") return "contains a circular reference";
  if (problem.reason === "nan") {
    return `is ${problem.value}, and allow_nan is false (out of range floats are not JSON compliant)`;
  }
  return `is a ${problem.type}, which is not JSON serializable`;
}

/** Python's repr of the values a JSON codec's options take. */
function pyRepr(v: unknown): string {
  if (v === null) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v !== "string") return String(v);
  const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of v) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return quote + out + quote;
}

/** Python's `textwrap.fill` for one paragraph, breaking only at whitespace. */
function textwrapFill(text: string, width: number, subsequentIndent: string): string {
  const chunks = text.match(/\s+|\S+/g) ?? [];
  const lines: string[] = [];
  let i = 0;
  while (i < chunks.length) {
    const indent = lines.length > 0 ? subsequentIndent : "";
    const room = width - indent.length;
    if (lines.length > 0 && chunks[i]!.trim() === "") i++;
    const line: string[] = [];
    let len = 0;
    while (i < chunks.length && len + chunks[i]!.length <= room) {
      len += chunks[i]!.length;
      line.push(chunks[i]!);
      i++;
    }
    // break_long_words=False: a word longer than the line gets a line of its own
    if (line.length === 0 && i < chunks.length) line.push(chunks[i++]!);
    if (line.length > 0 && line[line.length - 1]!.trim() === "") line.pop();
    lines.push(indent + line.join(""));
  }
  return lines.join("\n");
}
