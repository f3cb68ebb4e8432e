// The browser entry ("browser" export condition): LMDB is a native library, so nothing here
// loads it; using the store fails with an error that says so, rather than a bundler error.
import { ZarrError } from "@zarrkit/core";

const why =
  "LMDBStore runs in Node only: LMDB is a native library over a memory-mapped file. In a browser, use a MemoryStore, an HttpStore or a zip read by range requests";

/** The longest key, in bytes of UTF-8, as in Node (LMDB 0.9's limit). */
export const MAX_KEY_BYTES = 511;

/** In a browser, a stand-in: constructing it throws a `ZarrError` saying LMDB runs in Node only. */
export class LMDBStore {
  constructor(_path?: string, _options?: unknown) {
    throw new ZarrError(why);
  }
}

/** In a browser, throws a `ZarrError` saying LMDB runs in Node only. */
export function openLMDBStore(_location: string, _options?: unknown): never {
  throw new ZarrError(why);
}

/** In a browser, false for every location: no location opens as an LMDB store. */
export const isLMDBPath = (_location: string): boolean => false;

/** In a browser, throws a `ZarrError` saying LMDB runs in Node only. */
export function openLMDBLocation(_location: string, _options?: unknown): never {
  throw new ZarrError(why);
}
