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
 *
 * This constant is that limit's default: 256 MiB (268 435 456 bytes).
 */
export const DEFAULT_DECODE_LIMIT = 256 * 1024 * 1024;

let decodeLimit = DEFAULT_DECODE_LIMIT;

/**
 * The limit, in bytes, for decodes that are given no output buffer and no expected size (a
 * bare `codec.decode(bytes)`). Default: {@link DEFAULT_DECODE_LIMIT}.
 */
export function getDecodeLimit(): number {
  return decodeLimit;
}

/**
 * Set the limit for decodes of unknown size (bytes); returns the previous limit. Array reads
 * are not affected: their decoded size comes from the metadata.
 *
 * @throws {@link CodecError} when `bytes` is not a positive integer.
 */
export function setDecodeLimit(bytes: number): number {
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new CodecError(`decode limit must be a positive integer of bytes, got ${bytes}`);
  }
  const previous = decodeLimit;
  decodeLimit = bytes;
  return previous;
}

/**
 * The most bytes this decode may produce: `out`'s length when given, else `info.nbytes`, else
 * {@link getDecodeLimit}. Call it at the start of a codec's `decode`, then refuse claims with
 * {@link checkDecodeClaim} and stop a stream with {@link decodeOverflow}.
 *
 * @example
 * ```ts
 * decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Uint8Array {
 *   const bound = decodeBound(out, info);
 *   const claimed = readSizeHeader(data); // the size the stream says it decodes to
 *   checkDecodeClaim(this.id, "header size", claimed, bound);
 *   const dst = out ?? new Uint8Array(claimed);
 *   // ... decode into dst, and throw decodeOverflow(this.id, bound) past its end
 *   return dst;
 * }
 * ```
 */
export function decodeBound(out?: Uint8Array, info?: ChunkInfo): number {
  if (out) return out.byteLength;
  if (info?.nbytes !== undefined) return info.nbytes;
  return decodeLimit;
}

/**
 * Refuse a size that a stream claims for its decoded output when it exceeds the bound.
 * `what` names the claim (`"Blosc header nbytes"`, `"zip member size"`).
 *
 * @throws {@link CodecError} naming the codec, the claim and the bound (and `setDecodeLimit`
 *   when the bound is the process-wide limit) when `claimed` exceeds `bound` or is NaN.
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

/**
 * The error (to throw) for a stream that turns out to decode to more bytes than its bound,
 * found while decoding: a `CodecError` naming the codec and the bound.
 */
export function decodeOverflow(codecId: string, bound: number): CodecError {
  return new CodecError(
    `${codecId}: the stream decodes to more than the ${bound} bytes this decode may produce` +
      (bound === decodeLimit ? " (raise it with setDecodeLimit)" : ""),
  );
}
