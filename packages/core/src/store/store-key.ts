import { StoreKeyError } from "../errors.js";

/**
 * The key rules every store shares. A key is `/`-separated segments; a segment is any
 * non-empty Unicode text without `/`, `\` or NUL that is not `.` or `..`. These are the keys
 * that name the same value in every store: a key a file system, a zip tool or a URL would
 * resolve elsewhere (`..`, `.`, a leading `/`, an empty segment, a backslash taken as a
 * separator on Windows, a NUL ending a C string) is refused everywhere, reads included, so a
 * hostile key behaves the same in a memory store as on disk. A store may refuse more
 * (a file system's reserved names); it may not accept less.
 */
const HOSTILE_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;

function refuse(kind: string, value: string, why: string): never {
  throw new StoreKeyError(`invalid store ${kind} ${JSON.stringify(value)}: ${why}`);
}

function checkCommon(kind: "key" | "prefix", value: unknown): string {
  if (typeof value !== "string")
    refuse(kind, String(value), `${kind}s are strings, got ${typeof value}`);
  if (value.includes("\0")) refuse(kind, value, "contains NUL");
  if (value.includes("\\")) refuse(kind, value, "contains a backslash");
  if (value.startsWith("/"))
    refuse(kind, value, "starts with / (keys are relative to the store root)");
  if (value.includes("//")) refuse(kind, value, "has an empty path segment");
  return value;
}

/**
 * The key itself when every store may accept it; stores call it on each key they are given.
 * A key is `/`-separated segments, each non-empty Unicode text without `/`, `\` or NUL that is
 * not `.` or `..`, with no leading `/`: the keys that name the same value in every store.
 *
 * @throws {@link StoreKeyError} naming the key and the rule it breaks.
 */
export function checkStoreKey(key: string): string {
  checkCommon("key", key);
  if (key === "") refuse("key", key, "empty key");
  if (key.endsWith("/")) refuse("key", key, "has an empty path segment (ends with /)");
  const bad = HOSTILE_SEGMENT.exec(key);
  if (bad) refuse("key", key, `has a "${bad[0].replaceAll("/", "")}" segment`);
  return key;
}

/**
 * Refuse a listing prefix that breaks the key rules in its complete segments. The prefix is
 * matched as text (`"a/b"` also matches `a/bc`), so its last, partial segment may be anything
 * a key's segment may start with (`"."` matches `.zarray`); `""` is the whole store.
 *
 * @returns The prefix itself when it is acceptable.
 * @throws {@link StoreKeyError} naming the prefix and the rule it breaks.
 */
export function checkStorePrefix(prefix: string): string {
  checkCommon("prefix", prefix);
  const slash = prefix.lastIndexOf("/");
  if (slash < 0) return prefix;
  const bad = HOSTILE_SEGMENT.exec(prefix.slice(0, slash + 1));
  if (bad) refuse("prefix", prefix, `has a "${bad[0].replaceAll("/", "")}" segment`);
  return prefix;
}
