/**
 * Ids of the codecs that turn an array into bytes. In a codec list the one array->bytes codec
 * splits the array->array codecs (before it) from the bytes->bytes codecs (after it); the v3
 * reader and the sharding codec's inner lists both split by it.
 */
const ARRAY_TO_BYTES_IDS = new Set([
  "bytes",
  "vlen-utf8",
  "vlen-bytes",
  "vlen-array",
  "json2",
  "msgpack2",
  "sharding_indexed",
]);

export function isArrayToBytesId(id: string): boolean {
  return ARRAY_TO_BYTES_IDS.has(id);
}

/** The codec id a v3 codec name stands for, as far as roles go (`endian` is `bytes`' old name). */
export function isArrayToBytesV3Name(name: string): boolean {
  if (name === "endian") return true;
  return isArrayToBytesId(name.startsWith("numcodecs.") ? name.slice("numcodecs.".length) : name);
}
