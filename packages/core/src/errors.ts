/**
 * Every error zarrkit throws on purpose is a ZarrError, so callers can tell a bad array or
 * store apart from a bug. The subclasses mirror the cases zarr-python distinguishes.
 * Messages name what was wrong: the key or path, the codec id, the field, the value and the rule.
 *
 * @example
 * ```ts
 * try {
 *   await open(store, { mode: "r", path: "missing" });
 * } catch (e) {
 *   if (e instanceof NodeNotFoundError) console.log("no such node:", e.message);
 *   else if (!(e instanceof ZarrError)) throw e; // a bug, not bad data
 * }
 * ```
 */
export class ZarrError extends Error {
  /** Always `"ZarrError"`: the class in logs, stack traces and `error.name` checks. */
  override name = "ZarrError";
}

/**
 * A metadata document (`.zarray`, `.zgroup`, `.zattrs`, `zarr.json`, consolidated metadata) is
 * not valid JSON, is missing a field or holds a value zarr does not allow; also thrown for
 * creation options that would write such metadata (zarr-python raises `ValueError` or
 * `MetadataError`).
 */
export class MetadataError extends ZarrError {
  /** Always `"MetadataError"`: the class in logs, stack traces and `error.name` checks. */
  override name = "MetadataError";
}

/**
 * A selection does not fit the array (bad index, out of range, unsupported step, wrong number
 * of dimensions): zarr-python's `IndexError`, `BoundsCheckError` and friends.
 */
export class IndexError extends ZarrError {
  /** Always `"IndexError"`: the class in logs, stack traces and `error.name` checks. */
  override name = "IndexError";
}

/**
 * Nothing is stored where a node was expected: opening a path that holds no array or group in
 * mode `r` or `r+` (zarr-python's `ArrayNotFoundError`, `GroupNotFoundError`,
 * `PathNotFoundError`).
 */
export class NodeNotFoundError extends ZarrError {
  /** Always `"NodeNotFoundError"`: the class in logs, stack traces and `error.name` checks. */
  override name = "NodeNotFoundError";
}

/**
 * A node exists where the open mode forbids one (`w-`), or is the wrong kind (an array where a
 * group was asked for, or the other way round): zarr-python's `ContainsArrayError` and
 * `ContainsGroupError`.
 */
export class ContainsNodeError extends ZarrError {
  /** Always `"ContainsNodeError"`: the class in logs, stack traces and `error.name` checks. */
  override name = "ContainsNodeError";
}

/**
 * A write was attempted through a read-only array, group or store (opened with mode `r`, or a
 * store without `set`), zarr-python's `ReadOnlyError`. Nothing was written.
 */
export class ReadOnlyError extends ZarrError {
  /** Always `"ReadOnlyError"`: the class in logs, stack traces and `error.name` checks. */
  override name = "ReadOnlyError";
}

/**
 * A codec id has no registered implementation, a codec's configuration is invalid, or a codec
 * failed on a chunk (corrupt or oversized data). The message names the codec id, and the chunk
 * key when it is known.
 */
export class CodecError extends ZarrError {
  /** Always `"CodecError"`: the class in logs, stack traces and `error.name` checks. */
  override name = "CodecError";
}

/**
 * A store key is not acceptable to the store (empty segments, `..` escaping the root, bad
 * characters), or a byte range is malformed. The message names the key.
 */
export class StoreKeyError extends ZarrError {
  /** Always `"StoreKeyError"`: the class in logs, stack traces and `error.name` checks. */
  override name = "StoreKeyError";
}

/**
 * The same error with the store key it concerns in front (`foo/bar/.zarray: ...`), for
 * errors raised by code that does not know the key, such as a codec's factory. Errors that
 * are not ZarrErrors (bugs) pass through unchanged, as does an error that already starts with
 * the key.
 *
 * @returns A new error of the same class with `cause` set to the original, or `error` itself.
 */
export function errorAtKey(key: string, error: unknown): unknown {
  if (!(error instanceof ZarrError) || error.message.startsWith(`${key}: `)) return error;
  const Kind = error.constructor as new (message: string, options?: ErrorOptions) => ZarrError;
  return new Kind(`${key}: ${error.message}`, { cause: error });
}
