import { StoreKeyError } from "@zarrkit/core";

/**
 * Name of the temporary file a write goes through: the form zarr-python's DirectoryStore uses
 * (`<name>.<32 hex digits>.partial`), so listings skip the in-flight files of both libraries.
 */
export const TEMP_FILE = /\.[0-9a-f]{32}\.partial$/;

function reject(key: string, why: string): never {
  throw new StoreKeyError(`invalid store key ${JSON.stringify(key)}: ${why}`);
}

/**
 * Refuse any key that could name a file outside the store root: the empty key, absolute paths,
 * `..` or `.` segments, empty segments (so no leading, doubled or trailing `/`), backslashes,
 * drive letters and NUL, and names reserved for temporary files. Checked before every read,
 * write, delete and listing, so nothing outside the root is ever touched. Returns the key.
 */
export function checkKey(key: string): string {
  keySegments(key);
  return key;
}

/** The `/`-separated segments of a key that passes `checkKey`. */
export function keySegments(key: string): string[] {
  if (typeof key !== "string") reject(String(key), `keys are strings, got ${typeof key}`);
  if (key === "") reject(key, "empty key");
  if (key.includes("\0")) reject(key, "contains NUL");
  if (key.includes("\\")) reject(key, "contains a backslash");
  if (key.startsWith("/")) reject(key, "absolute path");
  if (/^[A-Za-z]:/.test(key)) reject(key, "starts with a drive letter");
  const segments = key.split("/");
  for (const s of segments) {
    if (s === "") reject(key, "empty path segment");
    if (s === "." || s === "..") reject(key, `"${s}" segment`);
  }
  if (TEMP_FILE.test(key)) reject(key, "name reserved for temporary files");
  return segments;
}

/**
 * Split a listing prefix into the segments of the folder it names and the partial name that
 * follows: `"a/b/"` gives `[["a", "b"], ""]`, `"a/b"` gives `[["a"], "b"]`, `""` gives
 * `[[], ""]`. The folder part is checked like a key.
 */
export function prefixParts(prefix: string): [string[], string] {
  if (typeof prefix !== "string")
    reject(String(prefix), `prefixes are strings, got ${typeof prefix}`);
  if (prefix === "") return [[], ""];
  const slash = prefix.lastIndexOf("/");
  const rest = prefix.slice(slash + 1);
  if (rest.includes("\0") || rest.includes("\\") || rest === "." || rest === "..")
    reject(prefix, "not a valid prefix");
  if (slash < 0) {
    if (/^[A-Za-z]:/.test(rest)) reject(prefix, "starts with a drive letter");
    return [[], rest];
  }
  if (slash === 0) reject(prefix, "absolute path");
  try {
    return [keySegments(prefix.slice(0, slash)), rest];
  } catch (e) {
    reject(prefix, (e as Error).message.replace(/^invalid store key "[^"]*": /, ""));
  }
}
