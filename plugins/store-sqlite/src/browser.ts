// The browser entry ("browser" export condition). SQLiteStore runs SQLite through
// better-sqlite3, a native Node addon; a bundle for a page must not try to include it, so this
// entry imports nothing and fails at once with what to do instead.
import { ZarrError } from "@zarrkit/core";

throw new ZarrError(
  "@zarrkit/store-sqlite runs in Node only (SQLite through the native better-sqlite3 addon); in a browser, read the data through another store (e.g. copy it to a zip or an HTTP store with zarr.copyStore in Node)",
);
