// The browser entry ("browser" export condition): LMDB is a native library, so nothing here
// loads it; using the store fails with an error that says so, rather than a bundler error.
import { ZarrError } from "@zarrkit/core";

const why =
  "LMDBStore runs in Node only: LMDB is a native library over a memory-mapped file. In a browser, use a MemoryStore, an HttpStore or a zip read by range requests";

export const MAX_KEY_BYTES = 511;

export class LMDBStore {
  constructor(_path?: string, _options?: unknown) {
    throw new ZarrError(why);
  }
}

export function openLMDBStore(_location: string, _options?: unknown): never {
  throw new ZarrError(why);
}

export const isLMDBPath = (_location: string): boolean => false;
