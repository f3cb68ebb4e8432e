import type { Codec, CodecConfig } from "../codecs/codec.js";
import { isCodecRegistered } from "../codecs/codec-registry.js";
import { ZarrError } from "../errors.js";
import type { Store } from "../store/store.js";

/**
 * Package-wide defaults. Core has no store of its own; the `zarrkit` umbrella sets a memory
 * store here, and apps may set their own.
 */
let defaultCompressor: Codec | CodecConfig | null | undefined;
let defaultStoreFactory: (() => Store) | undefined;

/** zarr-python 2.13's default compressor: Blosc(cname='lz4', clevel=5, shuffle=SHUFFLE, blocksize=0). */
export const ZARR_DEFAULT_COMPRESSOR: Readonly<CodecConfig> = Object.freeze({
  id: "blosc",
  cname: "lz4",
  clevel: 5,
  shuffle: 1,
  blocksize: 0,
});

/**
 * The compressor used when creation options leave `compressor` out; `null` stores raw chunks,
 * `undefined` goes back to the automatic default (see `getDefaultCompressor`).
 */
export function setDefaultCompressor(codec: Codec | CodecConfig | null | undefined): void {
  defaultCompressor = codec;
}

/**
 * What `setDefaultCompressor` set; without it, zarr-python's Blosc lz4 whenever a codec for
 * "blosc" is registered (by importing `@zarrkit/codec-blosc`), else none, since core has no
 * compressor of its own.
 */
export function getDefaultCompressor(): Codec | CodecConfig | null {
  if (defaultCompressor !== undefined) return defaultCompressor;
  return isCodecRegistered("blosc") ? { ...ZARR_DEFAULT_COMPRESSOR } : null;
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
