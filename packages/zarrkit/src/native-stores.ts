import { registerStore, type StoreOpener, ZarrError } from "@zarrkit/core";
import { isLocalPath } from "@zarrkit/store-fs";

// SQLite and LMDB stores sit on native addons that compile at install time, so the umbrella
// does not depend on them (every user would need a compiler). It still claims their file
// names, so `open("data.sqlite")` never quietly makes a directory of that name: the plugin is
// loaded when such a location is opened, or the error says what to install.

/** Loads an optional plugin by a computed name, so bundlers don't try to resolve it. */
export async function loadPlugin<T>(name: string, location: string): Promise<T> {
  try {
    return (await import(/* @vite-ignore */ name)) as T;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw e;
    throw new ZarrError(
      `${JSON.stringify(location)} names a ${name.slice("@zarrkit/store-".length)} store, which needs the plugin ${name}: run \`npm install ${name}\` (it builds a native addon), or pass a store object`,
    );
  }
}

function lazyOpener(plugin: string, opener: string): StoreOpener {
  return async (location, options) => {
    const m = await loadPlugin<Record<string, StoreOpener>>(plugin, location);
    return m[opener]!(location, options);
  };
}

registerStore(
  "sqlite-on-demand",
  (location) => isLocalPath(location) && /\.(?:sqlite3?|sqldb)$/i.test(location),
  lazyOpener("@zarrkit/store-sqlite", "openSQLiteLocation"),
);
registerStore(
  "lmdb-on-demand",
  (location) => isLocalPath(location) && /\.(?:lmdb|mdb)\/?$/i.test(location),
  lazyOpener("@zarrkit/store-lmdb", "openLMDBLocation"),
);
