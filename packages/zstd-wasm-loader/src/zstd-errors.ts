/**
 * zstd's error codes (`ZSTD_ErrorCode` of zstd_errors.h) that decoding can meet, mapped to a
 * short description, for error messages: `ZSTD_ERRORS[20]` is `"corrupted data"`.
 */
export const ZSTD_ERRORS: Readonly<Record<number, string>> = {
  1: "generic error",
  10: "unknown frame prefix",
  12: "unsupported frame version",
  14: "unsupported frame parameter",
  16: "window too large",
  20: "corrupted data",
  22: "checksum mismatch",
  24: "literals header wrong",
  30: "dictionary corrupted",
  32: "dictionary wrong",
  64: "memory allocation failed",
  70: "destination buffer too small",
  72: "source size wrong",
};

/**
 * The zstd error code in an error thrown by zstd-wasm, or undefined when it carries none.
 * zstd-wasm reports every decompression error as "Failed to compress with code -N"; this
 * returns N (look it up in {@link ZSTD_ERRORS}).
 */
export function zstdErrorCode(e: unknown): number | undefined {
  const m = /code (-?\d+)/.exec(e instanceof Error ? e.message : String(e));
  return m ? Math.abs(Number(m[1])) : undefined;
}
