import { registerStore } from "@zarrkit/core";
import { openLMDBStore } from "./lmdb-store.js";

/**
 * Local paths (and file:// URLs) ending in `.lmdb` or `.mdb` are LMDB environments
 * (zarr-python's examples name them `data/array.mdb`). Registered after a catch-all for
 * plain paths, this more specific pattern is tried first.
 */
export const isLMDBPath = (location: string): boolean =>
  (!/^[a-z][a-z0-9+.-]*:\/\//i.test(location) || location.startsWith("file://")) &&
  /\.(lmdb|mdb)\/?$/i.test(location);

registerStore("lmdb", isLMDBPath, openLMDBStore);
