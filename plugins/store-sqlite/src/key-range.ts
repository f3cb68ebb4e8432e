/**
 * The smallest text above every key that starts with `prefix`, for an index range
 * `k >= prefix AND k < bound`: the prefix's UTF-8 bytes followed by 0xFF, which no UTF-8
 * text contains. SQLite compares TEXT byte by byte (the BINARY collation) in a UTF-8
 * database, so this holds for every character, astral ones included, where bumping the last
 * UTF-16 code unit of a JavaScript string would not. Bind it wrapped in `CAST(? AS TEXT)`:
 * a BLOB would compare above every TEXT value.
 */
export function prefixUpperBound(prefix: string): Buffer {
  const bytes = Buffer.from(prefix, "utf8");
  const out = Buffer.allocUnsafe(bytes.byteLength + 1);
  bytes.copy(out);
  out[bytes.byteLength] = 0xff;
  return out;
}
