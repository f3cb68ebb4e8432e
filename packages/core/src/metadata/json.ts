/**
 * JSON exactly as zarr-python reads and writes it. Python writes with `json.dumps(o, indent=4,
 * sort_keys=True, ensure_ascii=True, separators=(",", ": "))`, which allows bare `NaN`,
 * `Infinity` and `-Infinity`, integers of any size, and keeps `1.0` apart from `1`. Reading
 * and writing the same documents keeps stores diffable against zarr-python's and lets the
 * two libraries update the same metadata without changing each other's values.
 *
 * Two forms of a parsed document are used:
 * - the Python form ({@link PyJson}): integers as safe `number`s or `bigint`s, floats as
 *   {@link PyFloat}, so writing it again gives Python's bytes;
 * - the plain form ({@link JsonValue}) handed to users: floats as `number` (NaN and
 *   +-Infinity included), integers beyond 2^53 as `bigint`.
 */

import { MetadataError, ZarrError } from "../errors.js";

/** A number that Python holds as a float, so it prints with a decimal point (`0.0`, `1e-05`). */
export class PyFloat {
  constructor(
    /** The float's value; {@link pyFloatRepr} gives the text Python writes for it. */
    readonly value: number,
  ) {}
}

/** A JSON value as users see it: floats and safe integers are numbers, wider integers bigints. */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A JSON value as Python holds it: integers are numbers (within 2^53) or bigints, floats PyFloats. */
export type PyJson =
  | null
  | boolean
  | number
  | bigint
  | string
  | PyFloat
  | PyJson[]
  | { [key: string]: PyJson };

/**
 * Python's `repr()` of a float, which is also how `json.dumps` writes it: the shortest digits
 * that read back to the same double, always with a decimal point or exponent (`1.0`, `0.0001`,
 * `1e-05`, `1e+16`, `-0.0`), and `NaN`, `Infinity`, `-Infinity` for the special values.
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // toExponential() with no argument gives the shortest digits that round-trip, as Python's repr does.
  const [mant, expText] = x.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  const negative = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exp >= -5 + 1 && exp < 16) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
      const frac = digits.slice(exp + 1);
      return `${sign}${intPart}.${frac === "" ? "0" : frac}`;
    }
    return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp).toString().padStart(2, "0");
  return `${sign}${m}e${exp < 0 ? "-" : "+"}${e}`;
}

// Printable ASCII other than the quote and the backslash is written as is; without
// ensure_ascii everything from U+0080 up is too.
const NEEDS_ESCAPE_ASCII = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\uffff]/;

const SHORT_ESCAPES: Record<number, string> = {
  34: '\\"',
  92: "\\\\",
  10: "\\n",
  13: "\\r",
  9: "\\t",
  8: "\\b",
  12: "\\f",
};

/** Python's string encoder: with `ensureAscii` every UTF-16 unit outside ' '..'~' is escaped. */
function escapeString(s: string, ensureAscii: boolean): string {
  if (!(ensureAscii ? NEEDS_ESCAPE_ASCII : NEEDS_ESCAPE).test(s)) return `"${s}"`;
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (ensureAscii && c > 0x7e)) {
      out += s.slice(start, i) + (SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, "0")}`);
      start = i + 1;
    }
  }
  return `${out}${s.slice(start)}"`;
}

/**
 * Python's `sort_keys` orders by code point; JavaScript's `<` orders by UTF-16 unit, which
 * puts characters above U+FFFF before U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) return a.codePointAt(i)! - b.codePointAt(i)!;
  }
  return a.length - b.length;
}

/** Why a value could not be written: reported to {@link PyJsonDumpsOptions.error}. */
export type PyJsonProblem =
  | {
      /** The value has no JSON form (a function, a symbol, an instance of a class, ...). */
      reason: "type";
      /** Its `typeof`, or its class name for an object (`function`, `symbol`, `Map`, ...). */
      type: string;
    }
  | {
      /** The value contains itself. */
      reason: "circular";
    }
  | {
      /** NaN or +-Infinity with `allow_nan: false`. */
      reason: "nan";
      /** The value refused. */
      value: number;
    };

/**
 * The keyword arguments of Python's `json.dumps` that change its output, with Python's names,
 * meaning and defaults (an option left out is as Python leaves it).
 */
export interface PyJsonDumpsOptions {
  /** Escape every character outside printable ASCII as `\uXXXX` (UTF-16 units). Default true. */
  ensure_ascii?: boolean;
  /** Write NaN and +-Infinity as bare words; false refuses them, as Python raises ValueError. Default true. */
  allow_nan?: boolean;
  /** Order object keys by code point. Default false. */
  sort_keys?: boolean;
  /** null for one line, a count of spaces, or the string to indent each level with. Default null. */
  indent?: number | string | null;
  /** [item separator, key separator]. Default [", ", ": "], or [",", ": "] with an indent. */
  separators?: readonly [string, string];
  /**
   * Not Python's: write -0 and integral numbers beyond 2^53 as floats (`-0.0`, `1e+16`), as
   * Python holds a double that is no exact int. Default false: every integral number is an int
   * (zarr-python's metadata is written from values already in the Python form, where a float
   * is a {@link PyFloat}).
   */
  unsafe_integers_as_floats?: boolean;
  /**
   * Builds the error for a value that cannot be written; `path` holds the array indexes and
   * object keys from the top down to it. By default a TypeError naming the path.
   */
  error?: (path: readonly (string | number)[], problem: PyJsonProblem) => Error;
}

/** zarr-python's metadata: `json.dumps(o, indent=4, sort_keys=True, ensure_ascii=True, separators=(",", ": "))`. */
export const ZARR_JSON_DUMPS: Readonly<PyJsonDumpsOptions> = Object.freeze({
  indent: 4,
  sort_keys: true,
  ensure_ascii: true,
  separators: Object.freeze([",", ": "] as const),
});

function pathText(path: readonly (string | number)[]): string {
  if (path.length === 0) return "value";
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("");
}

function defaultDumpsError(path: readonly (string | number)[], problem: PyJsonProblem): Error {
  const where = pathText(path);
  if (problem.reason === "type")
    return new TypeError(`${where} is not JSON-serializable (${problem.type})`);
  if (problem.reason === "circular") return new TypeError(`${where} contains a circular reference`);
  return new TypeError(`${where} is ${problem.value}, and allow_nan is false`);
}

function typeName(value: unknown): string {
  if (typeof value !== "object" || value === null) return typeof value;
  return Object.getPrototypeOf(value)?.constructor?.name ?? "object";
}

/**
 * Serialize as Python's `json.dumps(value, **options)` does; without options as zarr-python's
 * `json_dumps` writes metadata ({@link ZARR_JSON_DUMPS}). PyFloats are written as floats,
 * bigints as ints, undefined as null. Values JSON cannot hold (and cycles, and NaN without
 * allow_nan) throw the error `options.error` builds, by default a TypeError naming the path.
 *
 * @example
 * ```ts
 * pyJsonDumps({ b: 1.5, a: new PyFloat(1) }); // '{\n    "a": 1.0,\n    "b": 1.5\n}'
 * pyJsonDumps([1, "é"], {}); // '[1, "\\u00e9"]', as json.dumps([1, "é"])
 * ```
 */
export function pyJsonDumps(value: unknown, options: PyJsonDumpsOptions = ZARR_JSON_DUMPS): string {
  const o = options;
  const indent =
    o.indent === null || o.indent === undefined
      ? null
      : typeof o.indent === "number"
        ? " ".repeat(Math.max(0, o.indent))
        : o.indent;
  const [itemSep, keySep] = o.separators ?? (indent === null ? [", ", ": "] : [",", ": "]);
  const ensureAscii = o.ensure_ascii ?? true;
  const error = o.error ?? defaultDumpsError;
  const path: (string | number)[] = [];
  const active = new Set<object>();
  const parts: string[] = [];
  const fail = (problem: PyJsonProblem): never => {
    throw error([...path], problem);
  };

  const float = (x: number): string => {
    if (!Number.isFinite(x) && o.allow_nan === false) fail({ reason: "nan", value: x });
    return pyFloatRepr(x);
  };
  const number = (x: number): string => {
    if (!Number.isFinite(x)) return float(x);
    if (o.unsafe_integers_as_floats) {
      return Number.isSafeInteger(x) && !Object.is(x, -0) ? String(x) : pyFloatRepr(x);
    }
    return Number.isInteger(x) ? String(x) : pyFloatRepr(x);
  };
  const open = (v: object, level: number, bracket: string): string => {
    if (active.has(v)) fail({ reason: "circular" });
    active.add(v);
    parts.push(bracket);
    return indent === null ? "" : `\n${indent.repeat(level + 1)}`;
  };
  const close = (v: object, level: number, bracket: string) => {
    parts.push(indent === null ? bracket : `\n${indent.repeat(level)}${bracket}`);
    active.delete(v);
  };

  const write = (v: unknown, level: number): void => {
    if (v === null || v === undefined) parts.push("null");
    else if (v === true) parts.push("true");
    else if (v === false) parts.push("false");
    else if (typeof v === "number") parts.push(number(v));
    else if (v instanceof PyFloat) parts.push(float(v.value));
    else if (typeof v === "bigint") parts.push(v.toString());
    else if (typeof v === "string") parts.push(escapeString(v, ensureAscii));
    else if (Array.isArray(v)) {
      if (v.length === 0) {
        parts.push("[]");
        return;
      }
      const nl = open(v, level, "[");
      for (let i = 0; i < v.length; i++) {
        parts.push(i > 0 ? itemSep + nl : nl);
        path.push(i);
        write(v[i], level + 1);
        path.pop();
      }
      close(v, level, "]");
    } else if (isPlainObject(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0) {
        parts.push("{}");
        return;
      }
      if (o.sort_keys) keys.sort(compareCodePoints);
      const nl = open(v, level, "{");
      keys.forEach((k, i) => {
        parts.push(i > 0 ? itemSep + nl : nl, escapeString(k, ensureAscii), keySep);
        path.push(k);
        write(v[k], level + 1);
        path.pop();
      });
      close(v, level, "}");
    } else {
      fail({ reason: "type", type: typeName(v) });
    }
  };
  write(value, 0);
  return parts.join("");
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(pyJsonDumps(value));
}

/** Assign an own property even for `__proto__`, which plain assignment would turn into a prototype change. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(obj, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else obj[key] = value;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function intValue(text: string): number | bigint {
  if (text.length < 16) return Number(text) || 0; // `|| 0`: Python's int("-0") is 0, not -0
  const big = BigInt(text);
  return big <= MAX_SAFE && big >= -MAX_SAFE ? Number(big) : big;
}

// A run of string characters that need no decoding (no quote, backslash or control character).
// biome-ignore lint/suspicious/noControlCharactersInRegex: the run must stop at control characters, which JSON strings may not hold
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;

const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** Where a parse failed: the offset in UTF-16 units, and Python's 1-based line and column. */
export interface JsonErrorPosition {
  /** Offset from the start of the document in UTF-16 code units (0-based). */
  offset: number;
  /** Line number (1-based). */
  line: number;
  /** Column number (1-based). */
  column: number;
}

/** The keyword arguments of Python's `json.loads` that change what it accepts. */
export interface PyJsonLoadsOptions {
  /** Refuse control characters inside strings (Python's default, true). */
  strict?: boolean;
  /** Refuse documents nested deeper, as Python's recursion limit does (default: no limit). */
  maxDepth?: number;
  /** Builds the error for text that is not JSON; by default a MetadataError naming `key`. */
  error?: (position: JsonErrorPosition, what: string) => Error;
}

/**
 * One parser for both forms: `floats` wraps float tokens (the Python form) or not (plain).
 * It accepts exactly what Python's `json.loads` accepts.
 */
function parse(
  text: string,
  key: string,
  floats: (x: number) => PyJson,
  options: PyJsonLoadsOptions,
): PyJson {
  let i = 0;
  const n = text.length;
  const strict = options.strict ?? true;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const fail = (what: string): never => {
    const before = text.slice(0, i);
    const line = before.split("\n").length;
    const column = i - before.lastIndexOf("\n");
    if (options.error) throw options.error({ offset: i, line, column }, what);
    throw new MetadataError(`${key}: invalid JSON at line ${line} column ${column}: ${what}`);
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else return;
    }
  };
  const string = (): string => {
    i++; // opening quote
    let out = "";
    for (;;) {
      PLAIN_RUN.lastIndex = i;
      PLAIN_RUN.test(text);
      const end = PLAIN_RUN.lastIndex;
      if (end > i) out += text.slice(i, end);
      i = end;
      if (i >= n) fail("unterminated string");
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return out;
      }
      if (c < 0x20) {
        if (strict) fail(`control character U+${c.toString(16).padStart(4, "0")} in a string`);
        out += text[i];
        i++;
        continue;
      }
      const e = text[i + 1];
      if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
        out += ESCAPES[e];
        i += 2;
      } else if (e === "u") {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("invalid \\u escape");
        out += String.fromCharCode(Number.parseInt(hex, 16));
        i += 6;
      } else fail("invalid escape");
    }
  };
  // Python's json number grammar: no leading zeros, no bare "." or trailing ".".
  const number = (): PyJson | undefined => {
    const start = i;
    let j = i;
    if (text.charCodeAt(j) === 0x2d) j++;
    const first = text.charCodeAt(j);
    if (!isDigit(first)) return undefined;
    j++;
    if (first !== 0x30) while (isDigit(text.charCodeAt(j))) j++;
    let float = false;
    if (text.charCodeAt(j) === 0x2e && isDigit(text.charCodeAt(j + 1))) {
      float = true;
      j += 2;
      while (isDigit(text.charCodeAt(j))) j++;
    }
    const e = text.charCodeAt(j);
    if (e === 0x65 || e === 0x45) {
      let k = j + 1;
      const sign = text.charCodeAt(k);
      if (sign === 0x2b || sign === 0x2d) k++;
      if (isDigit(text.charCodeAt(k))) {
        float = true;
        j = k + 1;
        while (isDigit(text.charCodeAt(j))) j++;
      }
    }
    i = j;
    const token = text.slice(start, j);
    return float ? floats(Number(token)) : intValue(token);
  };
  const value = (depth: number): PyJson => {
    if (depth > maxDepth) fail(`nested deeper than ${maxDepth} levels`);
    ws();
    const c = text.charCodeAt(i);
    if (c === 0x7b) {
      i++;
      const out: Record<string, PyJson> = {};
      ws();
      if (text.charCodeAt(i) === 0x7d) {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (text.charCodeAt(i) !== 0x22) fail("expected a key in double quotes");
        const k = string();
        ws();
        if (text.charCodeAt(i) !== 0x3a) fail("expected ':'");
        i++;
        const v = value(depth + 1);
        if (k === "__proto__") setOwn(out, k, v);
        else out[k] = v;
        ws();
        const sep = text.charCodeAt(i);
        if (sep === 0x7d) {
          i++;
          return out;
        }
        if (sep !== 0x2c) fail("expected ',' or '}'");
        i++;
      }
    }
    if (c === 0x5b) {
      i++;
      const out: PyJson[] = [];
      ws();
      if (text.charCodeAt(i) === 0x5d) {
        i++;
        return out;
      }
      for (;;) {
        out.push(value(depth + 1));
        ws();
        const sep = text.charCodeAt(i);
        if (sep === 0x5d) {
          i++;
          return out;
        }
        if (sep !== 0x2c) fail("expected ',' or ']'");
        i++;
      }
    }
    if (c === 0x22) return string();
    const num = number();
    if (num !== undefined) return num;
    for (const [word, v] of WORDS) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return typeof v === "number" ? floats(v) : v;
      }
    }
    return fail(i >= n ? "unexpected end of input" : "expected a value");
  };
  const v = value(0);
  ws();
  if (i !== n) fail("extra data after the JSON document");
  return v;
}

const WORDS: readonly (readonly [string, boolean | null | number])[] = [
  ["true", true],
  ["false", false],
  ["null", null],
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["-Infinity", Number.NEGATIVE_INFINITY],
];

const asPyFloat = (x: number): PyJson => new PyFloat(x);
const asNumber = (x: number): PyJson => x;

/**
 * Parse JSON as Python's `json.loads` does into the Python form: bare `NaN`/`Infinity`/
 * `-Infinity` are floats, integers beyond 2^53 are bigints, and floats are PyFloats (so `1.0`
 * is written back as `1.0`). Errors are MetadataErrors naming `key` and the line and column.
 */
export function parsePyJson(
  text: string,
  key = "JSON document",
  options: PyJsonLoadsOptions = {},
): PyJson {
  return parse(text, key, asPyFloat, options);
}

/**
 * Parse JSON as Python's `json.loads` does into plain values (floats as numbers): bare `NaN`,
 * `Infinity` and `-Infinity` are accepted, integers beyond 2^53 come back as `bigint`, and
 * duplicate keys keep the last value. `key` names the document in errors.
 *
 * @throws {@link MetadataError} for text Python would refuse, naming `key`, the line and column
 *   (or the error `options.error` builds).
 *
 * @example
 * ```ts
 * parseJson('{"a": NaN, "b": 12345678901234567890}'); // { a: NaN, b: 12345678901234567890n }
 * ```
 */
export function parseJson(
  text: string,
  key = "JSON document",
  options: PyJsonLoadsOptions = {},
): JsonValue {
  return parse(text, key, asNumber, options) as JsonValue;
}

function decodeText(bytes: Uint8Array, key: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new MetadataError(`${key}: not valid UTF-8`);
  }
}

/** Parse a stored document (key names it in errors) into the Python form. */
export function decodePyJson(bytes: Uint8Array, key: string): PyJson {
  return parsePyJson(decodeText(bytes, key), key);
}

/** Parse a stored document into plain values (NaN/Infinity numbers, wide integers bigints). */
export function decodeJson(bytes: Uint8Array, key: string): JsonValue {
  return parseJson(decodeText(bytes, key), key);
}

/** The plain form of a Python-form value: PyFloats become numbers. */
export function toPlain(doc: PyJson): JsonValue {
  if (doc instanceof PyFloat) return doc.value;
  if (doc === null || typeof doc !== "object") return doc;
  if (Array.isArray(doc)) return doc.map(toPlain);
  const out: Record<string, JsonValue> = {};
  for (const k of Object.keys(doc)) setOwn(out, k, toPlain(doc[k]!));
  return out;
}

/** A JS number as Python's json would hold it (a float unless it is an exact, safe integer). */
function numberToPy(x: number): number | PyFloat {
  // Integers beyond 2^53 are written as floats so Python reads back the same double.
  return Number.isSafeInteger(x) && !Object.is(x, -0) ? x : new PyFloat(x);
}

function childPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

function refuse(path: string, what: string, hint = ""): never {
  throw new ZarrError(
    `${path} is ${what}, which JSON (as zarr-python reads and writes it) cannot hold${hint}`,
  );
}

function describeObject(value: object): string {
  const name = Object.getPrototypeOf(value)?.constructor?.name;
  return name ? `a ${name}` : "an object with a custom prototype";
}

function convert(value: unknown, old: PyJson | undefined, path: string, seen: Set<object>): PyJson {
  switch (typeof value) {
    case "boolean":
    case "string":
      return value;
    case "number":
      // An unchanged number keeps Python's int/float distinction (1.0 stays 1.0).
      if (old instanceof PyFloat && Object.is(old.value, value)) return old;
      if (typeof old === "number" && Object.is(old, value)) return old;
      return numberToPy(value);
    case "bigint":
      return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value;
    case "undefined":
      return refuse(path, "undefined", " (attrs.delete removes an attribute)");
    case "function":
      return refuse(path, "a function");
    case "symbol":
      return refuse(path, "a symbol");
  }
  if (value === null) return null;
  const obj = value as object;
  if (obj instanceof PyFloat) return obj;
  if (seen.has(obj)) refuse(path, "a reference cycle (it contains itself)");
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const before = Array.isArray(old) ? old : [];
      const out: PyJson[] = new Array(obj.length);
      for (let i = 0; i < obj.length; i++) {
        const p = `${path}[${i}]`;
        if (!(i in obj)) refuse(p, "a hole in a sparse array");
        if (obj[i] === undefined) refuse(p, "undefined");
        out[i] = convert(obj[i], before[i], p, seen);
      }
      return out;
    }
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) refuse(path, describeObject(obj));
    if (Object.getOwnPropertySymbols(obj).length > 0) refuse(path, "an object with symbol keys");
    const before =
      old !== null && typeof old === "object" && !Array.isArray(old) && !(old instanceof PyFloat)
        ? old
        : undefined;
    const out: Record<string, PyJson> = {};
    for (const k of Object.keys(obj)) {
      const v = (obj as Record<string, unknown>)[k];
      // Inside objects, undefined means "no such key", as JSON.stringify treats it.
      if (v === undefined) continue;
      const prev = before && Object.hasOwn(before, k) ? before[k] : undefined;
      setOwn(out, k, convert(v, prev, childPath(path, k), seen));
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/**
 * Turn a JS value into the Python form, as Python's json would write it: safe integers as
 * ints, other numbers (and -0) as floats, bigints as ints, NaN and +-Infinity as Python
 * does. `old`, the Python form of the value being replaced, keeps its representation wherever
 * the new value is equal at the same position (recursively), so `1.0` read from a file and
 * written back unchanged stays `1.0`. `path` names the value in errors, which are ZarrErrors
 * for functions, symbols, cycles, `undefined` (except as an object member, which is dropped,
 * as JSON.stringify drops it) and objects other than plain objects and arrays.
 */
export function toPyJson(value: unknown, old?: PyJson, path = "value"): PyJson {
  return convert(value, old, path, new Set());
}

/** The path under which toPyJson names member `key` of an object at `parent`. */
export function jsonChildPath(parent: string, key: string): string {
  return childPath(parent, key);
}

/**
 * A value written compactly for error messages, safe for anything a parsed document holds
 * (bigints, NaN, PyFloats), where JSON.stringify would throw or print `null`.
 */
export function jsonText(value: unknown): string {
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : pyFloatRepr(value);
    case "bigint":
      return value.toString();
    case "string":
      return JSON.stringify(value);
    case "undefined":
      return "undefined";
    case "function":
    case "symbol":
      return String(typeof value);
  }
  if (value === null || typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `[${value.map(jsonText).join(",")}]`;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return proto?.constructor?.name ?? "object";
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`)
    .join(",")}}`;
}
