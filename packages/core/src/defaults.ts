import type { Codec, CodecConfig } from "./codec.js";
import { ZarrError } from "./errors.js";
import type { Store } from "./store.js";

/**
 * Package-wide defaults. Core has no compressor and no store of its own; the `zarrkit`
 * umbrella sets Blosc(lz4) and a memory store here, and apps may set their own.
 */
let defaultCompressor: Codec | CodecConfig | null = null;
let defaultStoreFactory: (() => Store) | undefined;

/** The compressor used when creation options leave `compressor` out. */
export function setDefaultCompressor(codec: Codec | CodecConfig | null): void {
  defaultCompressor = codec;
}

export function getDefaultCompressor(): Codec | CodecConfig | null {
  return defaultCompressor;
}

/** How a store is made when creation options name none (zarrkit: a new MemoryStore). */
export function setDefaultStore(factory: (() => Store) | undefined): void {
  defaultStoreFactory = factory;
}

export function newDefaultStore(): Store {
  if (!defaultStoreFactory) {
    throw new ZarrError(
      'no store given and no default store set: pass { store } (e.g. new MemoryStore() from "@zarrkit/store-memory") or use the "zarrkit" package',
    );
  }
  return defaultStoreFactory();
}
