import { MetadataError } from "../errors.js";

/** Join a node path and a key: `("foo/bar", ".zarray")` gives `foo/bar/.zarray`. */
export function nodeKey(path: string, key: string): string {
  return path === "" ? key : `${path}/${key}`;
}

/**
 * Normalize a node path as zarr-python does: strip slashes at both ends, collapse repeats,
 * and refuse `.`/`..` segments, which would escape the hierarchy.
 */
export function normalizePath(path: string | null | undefined): string {
  if (path === null || path === undefined) return "";
  const p = String(path)
    .replace(/\\/g, "/")
    .replace(/^\/+|\/+$/g, "")
    .replace(/\/+/g, "/");
  for (const seg of p.split("/")) {
    if (seg === "." || seg === "..")
      throw new MetadataError(`path ${JSON.stringify(path)} must not contain "." or ".." segments`);
  }
  return p;
}
