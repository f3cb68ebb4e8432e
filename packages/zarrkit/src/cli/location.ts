// A command-line location: anything the store registry opens from a string (a path, a .zip,
// an http(s):// or s3:// URL), optionally followed by `#path/inside` the store.
import { resolveStore, type Store } from "@zarrkit/core";

export interface Location {
  /** What the user typed, for messages. */
  readonly text: string;
  /** The store's own location string, without the `#path`. */
  readonly store: string;
  /** The node path inside the store ("" for the root). */
  readonly path: string;
}

/**
 * Split at the last `#`: a URL fragment never reaches the server, so nothing in a store's own
 * location is lost; a local path holding `#` is taken whole when nothing follows it.
 */
export function parseLocation(text: string): Location {
  const hash = text.lastIndexOf("#");
  if (hash < 0) return { text, store: text, path: "" };
  const path = text
    .slice(hash + 1)
    .split("/")
    .filter((p) => p !== "")
    .join("/");
  return { text, store: text.slice(0, hash), path };
}

/** Open the store behind a location; `mode` "r" to read, "a" to write. */
export async function openLocation(location: Location, mode: "r" | "a"): Promise<Store> {
  return resolveStore(location.store, mode);
}

/** Close a store that holds resources (a zip archive is finished on close). */
export async function closeStore(store: Store | undefined): Promise<void> {
  await store?.close?.();
}
