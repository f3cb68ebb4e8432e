// Values printed the way NumPy's `print(a)` prints them (np.array2string with the default
// options: 75 columns, 8 digits, `...` beyond 1000 elements), so `zarrkit get` output reads
// like zarr-python's. Numeric, bool and string dtypes follow NumPy; other kinds print each
// element with String().
import type { DataType, NdArray } from "@zarrkit/core";

const LINE_WIDTH = 75;
const PRECISION = 8;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;

type Formatter = (x: unknown) => string;

/** `print(z[sel])`: an NdArray as NumPy prints it, or a scalar as NumPy prints its scalar. */
export function formatNumpy(value: unknown, dtype: DataType): string {
  if (!isNdArray(value)) return formatScalar(value, dtype);
  if (value.shape.length === 0) return formatScalar(value.get(), dtype);
  if (value.size === 0) return "[]";
  const summarize = value.size > THRESHOLD;
  const shown = visibleElements(value, summarize);
  const format = formatterFor(dtype, shown);
  return formatNested(value, format, summarize);
}

function isNdArray(v: unknown): v is NdArray {
  return typeof v === "object" && v !== null && "shape" in v && "data" in v && "dtype" in v;
}

/** A NumPy scalar's str: shortest digits, scientific from 1e16 and below 1e-4 for floats. */
export function formatScalar(x: unknown, dtype: DataType): string {
  if (typeof x === "boolean") return x ? "True" : "False";
  if (typeof x === "bigint") return x.toString();
  if (typeof x === "number" && dtype.kind === "f") {
    if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x < 0 ? "-inf" : "inf";
    const a = Math.abs(x);
    const d = shortestDigits(x, dtype.itemsize);
    if (a !== 0 && (a >= 1e16 || a < 1e-4)) {
      const frac = d.digits.slice(1);
      const exp = d.exponent;
      return `${d.negative ? "-" : ""}${d.digits[0]}${frac ? `.${frac}` : ""}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
    }
    const { int, frac } = positionalParts(d);
    return `${d.negative ? "-" : ""}${int}.${frac || "0"}`;
  }
  if (typeof x === "string") return x;
  return String(x);
}

/** The elements whose widths decide the padding: all of them, or the summarized edges. */
function visibleElements(a: NdArray, summarize: boolean): unknown[] {
  const out: unknown[] = [];
  const idx: number[] = [];
  const walk = (dim: number) => {
    if (dim === a.shape.length) {
      out.push(a.get(...idx));
      return;
    }
    for (const i of axisIndices(a.shape[dim]!, summarize)) {
      idx[dim] = i;
      if (i >= 0) walk(dim + 1);
    }
  };
  walk(0);
  return out;
}

/** The indices printed along an axis; -1 stands for the `...` between the edges. */
function axisIndices(n: number, summarize: boolean): number[] {
  if (!summarize || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  const lead = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const trail = Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i);
  return [...lead, -1, ...trail];
}

function formatterFor(dtype: DataType, values: unknown[]): Formatter {
  if (dtype.kind === "b") {
    const anyFalse = values.some((v) => !v);
    return (v) => (v ? (anyFalse ? " True" : "True") : "False");
  }
  if (dtype.kind === "i" || dtype.kind === "u") {
    const width = Math.max(...values.map((v) => String(v).length));
    return (v) => String(v).padStart(width);
  }
  if (dtype.kind === "f") return floatFormatter(values as number[], dtype.itemsize);
  if (dtype.kind === "U" || dtype.kind === "S") return (v) => pyStrRepr(String(v));
  return (v) => String(v);
}

/** Python's repr of a str: single quotes unless the text holds one and no double quote. */
function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t");
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
}

interface Digits {
  negative: boolean;
  /** Significant digits without a point, at least one. */
  digits: string;
  /** Decimal exponent of the first digit. */
  exponent: number;
}

/** The shortest digits that read back to the same float32 or float64 (Dragon4 `unique`). */
function shortestDigits(x: number, itemsize: number): Digits {
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let text = a.toExponential();
  if (itemsize < 8 && a !== 0) {
    const narrow = itemsize === 4 ? Math.fround : (v: number) => roundHalf(v);
    for (let p = 0; p < 17; p++) {
      const t = a.toExponential(p);
      if (narrow(Number(t)) === a) {
        text = t;
        break;
      }
    }
  }
  const [mantissa, exp] = text.split("e") as [string, string];
  const digits = mantissa.replace(".", "").replace(/0+$/, "") || "0";
  return { negative, digits, exponent: Number(exp) };
}

/** float16 rounding of a double, for the shortest-digits search. */
function roundHalf(v: number): number {
  // Round to 11 significant bits (float16's precision) in the normal range.
  const e = Math.floor(Math.log2(Math.abs(v)));
  const scale = 2 ** (10 - Math.max(e, -14));
  return Math.round(v * scale) / scale;
}

/** The digits written out positionally: integer part and fraction (no trailing zeros). */
function positionalParts(d: Digits): { int: string; frac: string } {
  const { digits, exponent } = d;
  if (digits === "0") return { int: "0", frac: "" };
  if (exponent >= 0) {
    const int = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    return { int, frac: digits.slice(exponent + 1) };
  }
  return { int: "0", frac: "0".repeat(-exponent - 1) + digits };
}

/** NumPy's FloatingFormat in its default `maxprec` mode (precision 8, sign "-"). */
function floatFormatter(values: number[], itemsize: number): Formatter {
  const finite = values.filter((v) => Number.isFinite(v));
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let exp = false;
  if (nonZero.length > 0) {
    const max = Math.max(...nonZero);
    const min = Math.min(...nonZero);
    exp = max >= 1e8 || min < 1e-4 || max / min > 1000;
  }
  let padLeft = 0;
  let padRight = 0;
  let body: (x: number) => { int: string; frac: string; exp?: string };
  if (finite.length === 0) {
    body = () => ({ int: "", frac: "" });
  } else if (exp) {
    const sci = (x: number) => {
      const d = roundDigits(shortestDigits(x, itemsize), PRECISION + 1);
      const e = d.exponent;
      return {
        int: (d.negative ? "-" : "") + d.digits[0]!,
        frac: d.digits.slice(1),
        exp: `${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`,
      };
    };
    const parts = finite.map(sci);
    const precision = Math.max(...parts.map((p) => p.frac.length));
    const expSize = Math.max(...parts.map((p) => p.exp!.length)) - 1;
    padLeft = Math.max(...parts.map((p) => p.int.length));
    padRight = expSize + 2 + precision;
    body = (x) => {
      const p = sci(x);
      const sign = p.exp![0]!;
      return {
        int: p.int,
        frac: p.frac.padEnd(precision, "0"),
        exp: sign + p.exp!.slice(1).padStart(expSize, "0"),
      };
    };
  } else {
    const pos = (x: number) => {
      let { int, frac } = positionalParts(shortestDigits(x, itemsize));
      if (frac.length > PRECISION) {
        const [i, f = ""] = Math.abs(x).toFixed(PRECISION).split(".") as [string, string?];
        int = i;
        frac = f.replace(/0+$/, "");
      }
      const negative = x < 0 || Object.is(x, -0);
      return { int: (negative ? "-" : "") + int, frac };
    };
    const parts = finite.map(pos);
    padLeft = Math.max(...parts.map((p) => p.int.length));
    padRight = Math.max(...parts.map((p) => p.frac.length));
    body = pos;
  }
  if (finite.length !== values.length) {
    const negInf = values.some((v) => v === Number.NEGATIVE_INFINITY);
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
  }
  return (v) => {
    const x = v as number;
    if (!Number.isFinite(x)) {
      const text = Number.isNaN(x) ? "nan" : x < 0 ? "-inf" : "inf";
      return text.padStart(padLeft + padRight + 1);
    }
    const p = body(x);
    if (p.exp !== undefined) return `${p.int.padStart(padLeft)}.${p.frac}e${p.exp}`;
    return `${p.int.padStart(padLeft)}.${p.frac.padEnd(padRight)}`;
  };
}

/** Round significant digits to at most `n` (half up on the decimal digits). */
function roundDigits(d: Digits, n: number): Digits {
  if (d.digits.length <= n) return d;
  let digits = d.digits.slice(0, n);
  let exponent = d.exponent;
  if (d.digits.charCodeAt(n) >= 53) {
    const up = (BigInt(digits) + 1n).toString();
    if (up.length > digits.length) exponent++;
    digits = up.slice(0, n);
  }
  return { negative: d.negative, digits: digits.replace(/0+$/, "") || "0", exponent };
}

/** NumPy's `_formatArray`: nested brackets, blank lines between blocks, wrapping at 75 columns. */
function formatNested(a: NdArray, format: Formatter, summarize: boolean): string {
  const ndim = a.shape.length;
  const index: number[] = [];
  const recurse = (hanging: string, width: number): string => {
    const axis = index.length;
    if (axis === ndim) return format(a.get(...index));
    const nextHanging = `${hanging} `;
    const nextWidth = width - 1;
    const indices = axisIndices(a.shape[axis]!, summarize);
    // A summarized axis marks the elided middle with index -1, printed as "...".
    const item = (i: number): string => {
      if (i < 0) return "...";
      index.push(i);
      const text = recurse(nextHanging, nextWidth);
      index.pop();
      return text;
    };
    let s = "";
    if (axis === ndim - 1) {
      const elemWidth = width - 1;
      let line = hanging;
      indices.forEach((i, k) => {
        const last = k === indices.length - 1;
        const word = item(i);
        if (line.length + word.length > elemWidth && line.length > hanging.length) {
          s += `${line.trimEnd()}\n`;
          line = hanging;
        }
        line += word;
        if (!last) line += " ";
      });
      s += line;
    } else {
      const sep = "\n".repeat(ndim - axis - 1);
      indices.forEach((i, k) => {
        const last = k === indices.length - 1;
        s += hanging + item(i) + (last ? "" : sep);
      });
    }
    return `[${s.slice(hanging.length)}]`;
  };
  return recurse(" ", LINE_WIDTH);
}
