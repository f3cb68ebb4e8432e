import type { ChunkInfo } from "./codec.js";
import { CodecError } from "../errors.js";

/**
 * How many bytes a codec may produce when it decodes. Stored bytes are untrusted, so a codec
 * never believes a size written inside the stream (a zlib bomb, a Blosc header, a zstd frame
 * size, a zip member): it stops at the bound below and fails with a CodecError.
 *
 * The bound is, in order: the output buffer the caller passed, else the decoded size the
 * pipeline expects (`info.nbytes`, known from the array metadata), else the process-wide
 * limit for bare `codec.decode(bytes)` calls, which callers may raise.
 */
export const DEFAULT_DECODE_LIMIT = 256 * 1024 * 1024;

let decodeLimit = DEFAULT_DECODE_LIMIT;

/** The limit for decodes that are given no output buffer and no expected size. */
export function getDecodeLimit(): number {
  return decodeLimit;
}

/** Set the limit for decodes of unknown size (bytes); returns the previous limit. */
export function setDecodeLimit(bytes: number): number {
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new CodecError(`decode limit must be a positive integer of bytes, got ${bytes}`);
  }
  const previous = decodeLimit;
  decodeLimit = bytes;
  return previous;
}

/** The most bytes this decode may produce (see the module comment for the order). */
export function decodeBound(out?: Uint8Array, info?: ChunkInfo): number {
  if (out) return out.byteLength;
  if (info?.nbytes !== undefined) return info.nbytes;
  return decodeLimit;
}

/**
 * Refuse a size that a stream claims for its decoded output when it exceeds the bound.
 * `what` names the claim (`"Blosc header nbytes"`, `"zip member size"`).
 */
export function checkDecodeClaim(
  codecId: string,
  what: string,
  claimed: number,
  bound: number,
): void {
  if (!(claimed <= bound)) {
    throw new CodecError(
      `${codecId}: ${what} is ${claimed} bytes, more than the ${bound} bytes this decode may produce` +
        (bound === decodeLimit ? " (raise it with setDecodeLimit)" : ""),
    );
  }
}

/** The error for a stream that decodes to more bytes than its bound. */
export function decodeOverflow(codecId: string, bound: number): CodecError {
  return new CodecError(
    `${codecId}: the stream decodes to more than the ${bound} bytes this decode may produce` +
      (bound === decodeLimit ? " (raise it with setDecodeLimit)" : ""),
  );
}
