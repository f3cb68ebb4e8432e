import { isLocalLocation, registerStore } from "@zarrkit/core";
import { openDirectoryStore } from "./directory-store.js";

/**
 * Location strings without a URL scheme, and file:// URLs, are directories: importing this
 * package is enough for `openGroup("data/example.zarr")`, as core's error message promises.
 */
export const isLocalPath = isLocalLocation;

// A catch-all, so a specific pattern (`*.zip`, `*.sqlite`) wins whichever was imported first.
registerStore("directory", isLocalPath, openDirectoryStore, { catchAll: true });
