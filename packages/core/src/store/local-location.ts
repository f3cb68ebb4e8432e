import { ZarrError } from "../errors.js";

// Stores over local files (directory, zip, SQLite, LMDB) read location strings the same way:
// a plain path or a file:// URL, and one of zarr's open modes.

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The local path a location names: a plain path as it is, or a `file://` URL's path decoded
 * (`file:///data/a%20b.zarr` is `/data/a b.zarr`); undefined for other URLs (`https://`, `s3://`).
 */
export function localPathOf(location: string): string | undefined {
  if (location.startsWith("file://")) return decodeURIComponent(new URL(location).pathname);
  return URL_SCHEME.test(location) ? undefined : location;
}

/** Whether a location names a local path (no URL scheme, or `file://`). */
export function isLocalLocation(location: string): boolean {
  return !URL_SCHEME.test(location) || location.startsWith("file://");
}

/**
 * The open modes a store opener accepts with a location string, zarr-python's: `r` read only,
 * `r+` read and write (must exist), `a` read and write (create if missing), `w` create
 * (overwrite), `w-` create (fail if it exists). (`x` is the hierarchy's spelling of `w-`; it is
 * not in this list.)
 */
export const STORE_OPEN_MODES = ["r", "r+", "a", "w", "w-"] as const;

/**
 * The path a local location names, and whether a store opened in `mode` is read-only (only
 * `"r"`; what the other modes mean for the nodes inside is the hierarchy's business). For store
 * plugins over local files, in their opener.
 *
 * @throws {@link ZarrError} when `mode` is not one of {@link STORE_OPEN_MODES}, or the location
 *   is a URL other than `file://`.
 */
export function localStoreTarget(
  location: string,
  mode: string,
): {
  /** The file system path (a `file://` URL decoded). */
  path: string;
  /** True when `mode` is `"r"`: the store must refuse writes. */
  readOnly: boolean;
} {
  if (!(STORE_OPEN_MODES as readonly string[]).includes(mode))
    throw new ZarrError(
      `unknown open mode ${JSON.stringify(mode)} for ${JSON.stringify(location)} (expected ${STORE_OPEN_MODES.join(", ")})`,
    );
  const path = localPathOf(location);
  if (path === undefined)
    throw new ZarrError(`${JSON.stringify(location)} is not a local path or file:// URL`);
  return { path, readOnly: mode === "r" };
}
