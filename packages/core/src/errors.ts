/**
 * Every error zarrkit throws on purpose is a ZarrError, so callers can tell a bad array or
 * store apart from a bug. The subclasses mirror the cases zarr-python distinguishes.
 */
export class ZarrError extends Error {
  override name = "ZarrError";
}

/** A metadata document is missing a field or holds a value zarr does not allow. */
export class MetadataError extends ZarrError {
  override name = "MetadataError";
}

/** A selection does not fit the array (bad index, out of range, unsupported step). */
export class IndexError extends ZarrError {
  override name = "IndexError";
}

/** Nothing is stored where a node was expected. */
export class NodeNotFoundError extends ZarrError {
  override name = "NodeNotFoundError";
}

/** A node exists where the open mode forbids one (`w-`), or is the wrong kind. */
export class ContainsNodeError extends ZarrError {
  override name = "ContainsNodeError";
}

/** A write was attempted through a read-only array, group or store. */
export class ReadOnlyError extends ZarrError {
  override name = "ReadOnlyError";
}

/** A codec id has no registered implementation, or a codec failed on a chunk. */
export class CodecError extends ZarrError {
  override name = "CodecError";
}

/** A store key is not acceptable to the store (path escape, bad characters). */
export class StoreKeyError extends ZarrError {
  override name = "StoreKeyError";
}

/**
 * The same error with the store key it concerns in front (`foo/bar/.zarray: ...`), for
 * errors raised by code that does not know the key, such as a codec's factory. Errors that
 * are not ZarrErrors (bugs) pass through unchanged.
 */
export function errorAtKey(key: string, error: unknown): unknown {
  if (!(error instanceof ZarrError) || error.message.startsWith(`${key}: `)) return error;
  const Kind = error.constructor as new (message: string, options?: ErrorOptions) => ZarrError;
  return new Kind(`${key}: ${error.message}`, { cause: error });
}
