import { type DataType, parseDataType } from "@zarrkit/core";

/**
 * NumPy's other spellings of the numeric types, as `np.dtype(name)` reads them on 64-bit Linux
 * with NumPy 1.24 (the reference): zarr-python 3 writes filter configs with whatever spelling
 * the user gave (`{"dtype": "int32"}`), and numcodecs accepts all of these. The platform-sized
 * C names (`long`, `int`, `l`) are 64-bit there, as on every 64-bit Unix.
 */
const ALIASES: Record<string, string> = {
  "?": "|b1",
  bool_: "|b1",
  b: "|i1",
  byte: "|i1",
  B: "|u1",
  ubyte: "|u1",
  h: "<i2",
  short: "<i2",
  H: "<u2",
  ushort: "<u2",
  i: "<i4",
  intc: "<i4",
  I: "<u4",
  uintc: "<u4",
  l: "<i8",
  long: "<i8",
  int: "<i8",
  int_: "<i8",
  intp: "<i8",
  p: "<i8",
  q: "<i8",
  longlong: "<i8",
  L: "<u8",
  ulong: "<u8",
  uint: "<u8",
  uintp: "<u8",
  P: "<u8",
  Q: "<u8",
  ulonglong: "<u8",
  e: "<f2",
  half: "<f2",
  f: "<f4",
  single: "<f4",
  d: "<f8",
  double: "<f8",
  float: "<f8",
  float_: "<f8",
  F: "<c8",
  csingle: "<c8",
  singlecomplex: "<c8",
  D: "<c16",
  cdouble: "<c16",
  cfloat: "<c16",
  complex: "<c16",
  complex_: "<c16",
};

/**
 * A dtype as NumPy reads it: type strings (`<i4`, `i4`, `|u1`), names (`int32`, `float64`),
 * one-character codes with an optional byte order (`i`, `<d`, `>f`) and C names (`double`,
 * `intc`). Errors are core's, naming the input.
 */
export function parseNumpyDtype(text: string): DataType {
  const alias = ALIASES[text];
  if (alias) return parseDataType(alias);
  const coded = /^([<>=|])(.)$/.exec(text);
  if (coded) {
    const base = ALIASES[coded[2]!];
    // One-byte types ignore the order; "=" and "|" are native order, little endian here.
    if (base)
      return parseDataType(base[0] === "|" || coded[1] !== ">" ? base : `>${base.slice(1)}`);
  }
  return parseDataType(text);
}
