import { closeSync, openSync, readSync, statSync } from "node:fs";
import { localPathOf, registerStore, type StorageOptions, ZarrError } from "@zarrkit/core";
import { openSQLiteStore } from "./sqlite-store.js";

/** Names that open as SQLite databases: SQLite's usual ones, and `.sqldb` of zarr-python's docs. */
const SQLITE_NAME = /\.(?:sqlite3?|sqldb)$/i;

/** The first 16 bytes of every SQLite 3 database file. */
const HEADER = Buffer.from("SQLite format 3\0", "latin1");

function isSQLiteFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    const fd = openSync(path, "r");
    try {
      const head = Buffer.alloc(HEADER.byteLength);
      return readSync(fd, head, 0, head.byteLength, 0) === head.byteLength && head.equals(HEADER);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * A local path (or file:// URL) is an SQLite store when its name ends in `.sqlite`,
 * `.sqlite3` or `.sqldb` (created when missing), or when it is an existing file that starts
 * with SQLite's header, whatever its name (`data.db`). Other paths, directories named
 * `x.db` included, are left to the other stores. This is the test by which `open`,
 * `openGroup` and friends hand a location string to {@link openSQLiteLocation}.
 */
export function isSQLiteLocation(location: string): boolean {
  const path = localPathOf(location);
  if (path === undefined) return false;
  return SQLITE_NAME.test(path) || isSQLiteFile(path);
}

const OPTIONS = ["dimensionSeparator", "timeout"] as const;

/**
 * The store a location string opens; `storageOptions` are SQLiteStore's options
 * (`dimensionSeparator`, `timeout`), and the mode gives `readOnly` (mode `"r"`).
 *
 * @param location - A path or `file://` URL (see {@link isSQLiteLocation}).
 * @param options - The open `mode` and the `storageOptions`.
 * @returns An {@link SQLiteStore}; close it with `close()` when done.
 * @throws {ZarrError} When `storageOptions` names another option, or as {@link openSQLiteStore}.
 *
 * @example
 * ```ts
 * import { openGroup } from "@zarrkit/core";
 * import "@zarrkit/store-sqlite"; // registers .sqlite, .sqlite3 and .sqldb locations
 *
 * const root = await openGroup("data/group.sqlite", { mode: "r" });
 * ```
 */
export function openSQLiteLocation(
  location: string,
  { mode, storageOptions }: { mode: string; storageOptions?: StorageOptions },
) {
  for (const name of Object.keys(storageOptions ?? {}))
    if (!(OPTIONS as readonly string[]).includes(name))
      throw new ZarrError(
        `storageOptions for ${location}: unknown option "${name}" (SQLiteStore takes ${OPTIONS.join(", ")}; the open mode gives readOnly)`,
      );
  return openSQLiteStore(location, { ...storageOptions, mode });
}

registerStore("sqlite", isSQLiteLocation, openSQLiteLocation);
