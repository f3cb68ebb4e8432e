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
