import { CodecError } from "@zarrkit/core";

/**
 * JSON text exactly as Python's `json` module writes and reads it: numcodecs' JSON codec is
 * a thin layer over `json.JSONEncoder`/`JSONDecoder`, so byte compatibility means matching
 * Python's float repr, its escaping, its key order and its NaN/Infinity extensions, which
 * JavaScript's JSON does not.
 */
export interface PythonJsonEncodeOptions {
  ensure_ascii: boolean;
  allow_nan: boolean;
  sort_keys: boolean;
  /** Python's `indent`: null for one line, a count of spaces, or the indent string. */
  indent: number | string | null;
  separators: readonly [string, string];
}

/** A number Python holds as a float (from a float array): written `1.0`, never `1`. */
export class PythonFloat {
  constructor(readonly value: number) {}
}

/** Python's `repr(float)`: the shortest round-trip digits, exponent form outside 1e-4..1e16. */
export function pythonFloatRepr(v: number): string {
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const [mantissa, expText] = v.toExponential().split("e") as [string, string];
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const exp = Number(expText);
  const sign = negative ? "-" : "";
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${e < 10 ? `0${e}` : e}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const frac = digits.slice(exp + 1);
  return `${sign}${whole}.${frac === "" ? "0" : frac}`;
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

function escapeUnit(c: string): string {
  return SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** Python's string encoders: with ensure_ascii every UTF-16 unit outside ' '..'~' is escaped. */
// Strings that need no escaping (the common case) skip the per-unit loop.
const PLAIN_ASCII = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;
const PLAIN = /[^\x20\x21\x23-\x5b\x5d-\uffff]/;

function pythonString(s: string, ensureAscii: boolean): string {
  if (!(ensureAscii ? PLAIN_ASCII : PLAIN).test(s)) return `"${s}"`;
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (ensureAscii && c > 0x7e)) {
      out += s.slice(start, i) + escapeUnit(s[i]!);
      start = i + 1;
    }
  }
  return `${out}${s.slice(start)}"`;
}

function describe(v: unknown): string {
  if (typeof v === "object" && v !== null) return v.constructor?.name ?? "object";
  return typeof v;
}

/** Serialise one value as Python's `JSONEncoder(...).encode` would; `where` names it in errors. */
export function pythonJsonStringify(
  codecId: string,
  value: unknown,
  options: PythonJsonEncodeOptions,
  where: (path: number[]) => string,
): string {
  const indent =
    options.indent === null
      ? null
      : typeof options.indent === "number"
        ? " ".repeat(Math.max(0, options.indent))
        : options.indent;
  const [itemSep, keySep] = options.separators;
  const parts: string[] = [];
  const active = new Set<object>();
  const path: number[] = [];

  const fail = (what: string): never => {
    throw new CodecError(`${codecId}: ${where(path)} ${what}`);
  };

  const number = (v: number, float = false): string => {
    if (!float && Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v);
    if (Number.isFinite(v)) return pythonFloatRepr(v);
    if (!options.allow_nan) {
      fail(`is ${v}, and allow_nan is false (out of range floats are not JSON compliant)`);
    }
    return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  };

  const open = (v: object) => {
    if (active.has(v)) fail("contains a circular reference");
    active.add(v);
  };

  const write = (v: unknown, level: number): void => {
    if (v === null || v === undefined) parts.push("null");
    else if (v === true) parts.push("true");
    else if (v === false) parts.push("false");
    else if (typeof v === "number") parts.push(number(v));
    else if (v instanceof PythonFloat) parts.push(number(v.value, true));
    else if (typeof v === "bigint") parts.push(v.toString());
    else if (typeof v === "string") parts.push(pythonString(v, options.ensure_ascii));
    else if (Array.isArray(v)) {
      if (v.length === 0) {
        parts.push("[]");
        return;
      }
      open(v);
      const nl = indent === null ? "" : `\n${indent.repeat(level + 1)}`;
      parts.push(`[${nl}`);
      for (let i = 0; i < v.length; i++) {
        if (i > 0) parts.push(itemSep + nl);
        write(v[i], level + 1);
      }
      parts.push(indent === null ? "]" : `\n${indent.repeat(level)}]`);
      active.delete(v);
    } else if (isPlainObject(v)) {
      let keys = Object.keys(v);
      if (keys.length === 0) {
        parts.push("{}");
        return;
      }
      if (options.sort_keys) keys = keys.sort(compareCodePoints);
      open(v);
      const nl = indent === null ? "" : `\n${indent.repeat(level + 1)}`;
      parts.push(`{${nl}`);
      keys.forEach((k, i) => {
        if (i > 0) parts.push(itemSep + nl);
        parts.push(pythonString(k, options.ensure_ascii), keySep);
        write((v as Record<string, unknown>)[k], level + 1);
      });
      parts.push(indent === null ? "}" : `\n${indent.repeat(level)}}`);
      active.delete(v);
    } else {
      fail(`is a ${describe(v)}, which is not JSON serializable`);
    }
  };

  if (Array.isArray(value)) {
    // the top-level list is the chunk: track the item index for error messages
    if (value.length === 0) return "[]";
    active.add(value);
    const nl = indent === null ? "" : `\n${indent}`;
    parts.push(`[${nl}`);
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(itemSep + nl);
      path.push(i);
      write(value[i], 1);
      path.pop();
    }
    parts.push(indent === null ? "]" : "\n]");
    return parts.join("");
  }
  write(value, 0);
  return parts.join("");
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Python sorts str keys by code point; JS's default sort compares UTF-16 units. */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

const MAX_DEPTH = 1000;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;

/**
 * Parse JSON text as Python's `json.loads` does: NaN and ±Infinity are accepted, integers too
 * large for a double come back as bigint (Python keeps them exact), and with `strict` control
 * characters inside strings are an error.
 */
export function pythonJsonParse(codecId: string, text: string, strict: boolean): unknown {
  let pos = 0;
  const fail = (what: string): never => {
    throw new CodecError(`${codecId}: invalid JSON at character ${pos}: ${what}`);
  };
  const ws = () => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      pos++;
    }
  };
  const literal = (word: string, value: unknown) => {
    if (text.startsWith(word, pos)) {
      pos += word.length;
      return value;
    }
    return fail(`unexpected ${JSON.stringify(text.slice(pos, pos + 10))}`);
  };

  const string = (): string => {
    pos++; // opening quote
    let out = "";
    let start = pos;
    for (;;) {
      if (pos >= text.length) fail("unterminated string");
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(start, pos);
        pos++;
        return out;
      }
      if (c < 0x20 && strict) fail("control character in a string (strict is true)");
      if (c !== 0x5c) {
        pos++;
        continue;
      }
      out += text.slice(start, pos);
      const e = text[pos + 1];
      if (e === "u") {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("invalid \\u escape");
        out += String.fromCharCode(Number.parseInt(hex, 16));
        pos += 6;
      } else {
        const map: Record<string, string> = {
          '"': '"',
          "\\": "\\",
          "/": "/",
          b: "\b",
          f: "\f",
          n: "\n",
          r: "\r",
          t: "\t",
        };
        const m = e === undefined ? undefined : map[e];
        if (m === undefined) fail(`invalid escape \\${e ?? ""}`);
        out += m;
        pos += 2;
      }
      start = pos;
    }
  };

  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    ws();
    const c = text[pos];
    if (c === '"') return string();
    if (c === "[") {
      pos++;
      const out: unknown[] = [];
      ws();
      if (text[pos] === "]") {
        pos++;
        return out;
      }
      for (;;) {
        out.push(value(depth + 1));
        ws();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "]") {
          pos++;
          return out;
        } else fail("expected ',' or ']'");
      }
    }
    if (c === "{") {
      pos++;
      const out: Record<string, unknown> = {};
      ws();
      if (text[pos] === "}") {
        pos++;
        return out;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') fail("expected a string key");
        const key = string();
        ws();
        if (text[pos] !== ":") fail("expected ':'");
        pos++;
        // defineProperty, so a "__proto__" key is data and never a prototype
        Object.defineProperty(out, key, {
          value: value(depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        ws();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "}") {
          pos++;
          return out;
        } else fail("expected ',' or '}'");
      }
    }
    if (c === "n") return literal("null", null);
    if (c === "t") return literal("true", true);
    if (c === "f") return literal("false", false);
    if (c === "N") return literal("NaN", Number.NaN);
    if (c === "I") return literal("Infinity", Number.POSITIVE_INFINITY);
    if (c === "-" && text.startsWith("-Infinity", pos)) {
      return literal("-Infinity", Number.NEGATIVE_INFINITY);
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (!m) return fail(`unexpected ${JSON.stringify(text.slice(pos, pos + 10))}`);
    pos += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(m[0]);
      // Python's int has no negative zero
      return Number.isSafeInteger(n) ? n + 0 : BigInt(m[0]);
    }
    return Number(m[0]);
  };

  const out = value(0);
  ws();
  if (pos !== text.length) fail("extra data after the JSON value");
  return out;
}
