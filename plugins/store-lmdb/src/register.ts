import { isLocalLocation, registerStore, type StorageOptions, ZarrError } from "@zarrkit/core";
import { type LMDBStore, type LMDBStoreOptions, openLMDBStore } from "./lmdb-store.js";

/**
 * Local paths (and file:// URLs) ending in `.lmdb` or `.mdb` are LMDB environments
 * (zarr-python's examples name them `data/array.mdb`). Registered after a catch-all for
 * plain paths, this more specific pattern is tried first.
 */
export const isLMDBPath = (location: string): boolean =>
  isLocalLocation(location) && /\.(lmdb|mdb)\/?$/i.test(location);

/** The `LMDBStoreOptions` a location's `storageOptions` may give (`readOnly` comes from the mode). */
const STORAGE_OPTIONS = ["dimensionSeparator", "sync", "mapSize", "writemap", "subdir"] as const;

/**
 * Open the LMDB store a location string names, with its `storageOptions`: the opener this
 * package registers for `open`, `openGroup` and friends (see {@link isLMDBPath}).
 *
 * @param location - A path or `file://` URL ending in `.mdb` or `.lmdb`.
 * @param options - `mode` (`"r"` opens read-only) and `storageOptions`, which may give
 *   `dimensionSeparator`, `sync`, `mapSize`, `writemap` and `subdir`.
 * @throws {ZarrError} When `storageOptions` names another option, or as {@link openLMDBStore}.
 *
 * @example
 * ```ts
 * import { openGroup } from "@zarrkit/core";
 * import "@zarrkit/store-lmdb"; // registers .mdb and .lmdb locations
 *
 * const root = await openGroup("data/example.mdb", { mode: "r" });
 * // ... read ...
 * await root.store.close?.();
 * ```
 */
export function openLMDBLocation(
  location: string,
  { mode, storageOptions = {} }: { mode: string; storageOptions?: StorageOptions },
): LMDBStore {
  for (const name of Object.keys(storageOptions))
    if (!(STORAGE_OPTIONS as readonly string[]).includes(name))
      throw new ZarrError(
        `storageOptions for ${location}: unknown option ${JSON.stringify(name)}; an LMDB store takes ${STORAGE_OPTIONS.join(", ")}`,
      );
  return openLMDBStore(location, {
    ...(storageOptions as Omit<LMDBStoreOptions, "readOnly">),
    mode,
  });
}

registerStore("lmdb", isLMDBPath, openLMDBLocation);
