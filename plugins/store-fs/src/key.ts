import { StoreKeyError } from "@zarrkit/core";

/**
 * Refuse any key that could name a file outside the store root: absolute paths, `..` or `.`
 * segments, empty segments, backslashes, drive letters and NUL. Checked before every read,
 * write, delete and listing, so nothing outside the root is ever touched.
 */
export function checkKey(key: string, allowEmpty = false): string {
  if (typeof key !== "string")
    throw new StoreKeyError(`store key must be a string, got ${typeof key}`);
  if (key === "" && allowEmpty) return key;
  const bad = (why: string): never => {
    throw new StoreKeyError(`invalid store key ${JSON.stringify(key)}: ${why}`);
  };
  if (key === "") bad("empty key");
  if (key.includes("\0")) bad("contains NUL");
  if (key.includes("\\")) bad("contains a backslash");
  if (key.startsWith("/")) bad("absolute path");
  if (/^[A-Za-z]:/.test(key)) bad("drive letter");
  for (const seg of key.replace(/\/$/, "").split("/")) {
    if (seg === "") bad("empty path segment");
    if (seg === "." || seg === "..") bad(`"${seg}" segment`);
  }
  return key;
}
