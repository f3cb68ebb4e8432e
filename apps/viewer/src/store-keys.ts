import { StoreKeyError } from "zarrkit/browser";

/**
 * The path segments of a store key, refused when a segment could step out of the folder the
 * store was opened on ("..", ".") or is empty (a leading, trailing or doubled "/").
 */
export function keySegments(key: string, store: string): string[] {
  const parts = key.split("/");
  for (const p of parts) {
    if (p === "" || p === "." || p === "..")
      throw new StoreKeyError(
        `${store}: invalid key "${key}": segments must be non-empty and not "." or ".."`,
      );
  }
  return parts;
}

/** "" or a prefix ending with "/", as core passes to `listDir`. */
export function checkPrefix(prefix: string, store: string): string {
  if (prefix !== "" && !prefix.endsWith("/"))
    throw new StoreKeyError(`${store}: invalid prefix "${prefix}": it must be "" or end with "/"`);
  if (prefix !== "") keySegments(prefix.slice(0, -1), store);
  return prefix;
}
