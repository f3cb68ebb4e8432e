/**
 * JSON exactly as zarr-python writes it: `json.dumps(o, indent=4, sort_keys=True,
 * ensure_ascii=True, separators=(",", ": "))`. Writing the same bytes keeps stores diffable
 * against zarr-python's and lets tests compare metadata files byte for byte.
 */

/** A number that Python holds as a float, so it prints with a decimal point (`0.0`, `1e-05`). */
export class PyFloat {
  constructor(readonly value: number) {}
}

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

function escapeString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += "\\\\";
        break;
      case 0x0a:
        out += "\\n";
        break;
      case 0x0d:
        out += "\\r";
        break;
      case 0x09:
        out += "\\t";
        break;
      case 0x08:
        out += "\\b";
        break;
      case 0x0c:
        out += "\\f";
        break;
      default:
        if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, "0")}`;
        else out += s[i];
    }
  }
  return `${out}"`;
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dump(value: unknown, indent: string, path: string): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) return pyFloatRepr(value);
      return Number.isInteger(value) ? String(value) : pyFloatRepr(value);
    case "bigint":
      return value.toString();
    case "string":
      return escapeString(value);
    case "object": {
      const inner = `${indent}    `;
      if (Array.isArray(value)) {
        if (value.length === 0) return "[]";
        const items = value.map((v, i) => inner + dump(v, inner, `${path}[${i}]`));
        return `[\n${items.join(",\n")}\n${indent}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(
          `${path || "value"} is not JSON-serializable (${proto?.constructor?.name ?? "object"})`,
        );
      }
      const keys = Object.keys(value).sort(compareCodePoints);
      if (keys.length === 0) return "{}";
      const items = keys.map(
        (k) =>
          `${inner}${escapeString(k)}: ${dump((value as Record<string, unknown>)[k], inner, `${path}.${k}`)}`,
      );
      return `{\n${items.join(",\n")}\n${indent}}`;
    }
    default:
      throw new TypeError(`${path || "value"} is not JSON-serializable (${typeof value})`);
  }
}

/** Serialize like zarr-python's `json_dumps`. Throws a TypeError naming the offending path. */
export function pyJsonDumps(value: unknown): string {
  return dump(value, "", "");
}

/**
 * Check that a value survives a JSON round trip unchanged in meaning (plain objects, arrays,
 * strings, finite numbers, booleans, null). Returns the path of the first bad value, if any.
 */
export function findNonJson(value: unknown, path = ""): string | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number")
    return Number.isFinite(value) ? undefined : `${path || "value"} (${value})`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findNonJson(value[i], `${path}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      return `${path || "value"} (${proto?.constructor?.name ?? "object"})`;
    }
    for (const [k, v] of Object.entries(value as object)) {
      const bad = findNonJson(v, path ? `${path}.${k}` : k);
      if (bad) return bad;
    }
    return undefined;
  }
  return `${path || "value"} (${typeof value})`;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(pyJsonDumps(value));
}

/** Parse a metadata document; Python's json also accepts NaN/Infinity literals, so do we. */
export function decodeJson(bytes: Uint8Array, key: string): unknown {
  const text = decoder.decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(/\b(-?Infinity|NaN)\b/g, '"$1"'));
    } catch (e) {
      throw new SyntaxError(`${key}: invalid JSON (${(e as Error).message})`);
    }
  }
}

/**
 * Parse JSON keeping Python's distinction between `0` and `0.0` (floats become PyFloat), so
 * a document read and written again (consolidated metadata) keeps zarr-python's exact bytes.
 */
export function parsePyJson(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new SyntaxError(`invalid JSON at offset ${i}: ${what}`);
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (text[i] === "}") {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a key");
        const k = string();
        ws();
        if (text[i++] !== ":") fail("expected ':'");
        out[k] = value();
        ws();
        const sep = text[i++];
        if (sep === "}") return out;
        if (sep !== ",") fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        const sep = text[i++];
        if (sep === "]") return out;
        if (sep !== ",") fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
      ["NaN", new PyFloat(Number.NaN)],
      ["Infinity", new PyFloat(Number.POSITIVE_INFINITY)],
      ["-Infinity", new PyFloat(Number.NEGATIVE_INFINITY)],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) return fail("unexpected character");
    i += m[0].length;
    const n = Number(m[0]);
    return m[1] !== undefined || m[2] !== undefined ? new PyFloat(n) : n;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const v = value();
  ws();
  if (i !== text.length) fail("trailing characters");
  return v;
}
