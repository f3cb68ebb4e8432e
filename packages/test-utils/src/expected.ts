/**
 * The manifest's encoding of values (see fixtures/README.md): NaN and infinities as strings,
 * 64-bit integers and datetimes as decimal strings, complex as [re, im], `S` bytes as base64.
 * `toManifestValue` maps a zarrkit element into that encoding so the two compare with toEqual.
 */
export function toManifestValue(v: unknown): unknown {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (v === Number.POSITIVE_INFINITY) return "Infinity";
    if (v === Number.NEGATIVE_INFINITY) return "-Infinity";
    return v;
  }
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (Array.isArray(v)) return v.map(toManifestValue);
  return v;
}

/** Every element of an NdArray-like in C order, through its `get(...index)`. */
export function elementsOf(a: {
  shape: readonly number[];
  get(...idx: number[]): unknown;
}): unknown[] {
  const size = a.shape.reduce((x, y) => x * y, 1);
  const out: unknown[] = [];
  for (let i = 0; i < size; i++) {
    const idx: number[] = [];
    let r = i;
    for (let d = a.shape.length - 1; d >= 0; d--) {
      idx.unshift(r % a.shape[d]!);
      r = Math.floor(r / a.shape[d]!);
    }
    out.push(a.get(...idx));
  }
  return out;
}
