/**
 * The keys the contract uses, and why they are the allowed and the hostile ones.
 *
 * Allowed: a key is `/`-separated segments, each a non-empty Unicode string without `/`,
 * `\` or NUL that is not `.` or `..` (core's `checkStoreKey`). This is Zarr v3's node-name
 * rule (any Unicode text; not empty, no `/`, not all periods) widened to what stores must hold
 * besides node names: metadata keys (`.zarray`, `zarr.json`) and chunk keys (`0.0`, `c/0/0`).
 * Every store must round-trip:
 * - the portable set Zarr v2 and v3 recommend for names: ASCII letters (case-sensitive:
 *   `Case` and `case` are two keys), digits, `.`, `-`, `_`, in any position, deep paths
 *   and long segments;
 * - non-ASCII Unicode (v3 names are Unicode; zarr-python writes them as UTF-8), in NFC form;
 *   NFC vs NFD spellings are not checked (the spec only recommends normalizing);
 * - spaces and URL/shell punctuation, unless the store declares it refuses them (then it
 *   must refuse them with a StoreKeyError, never store them under another name).
 * Segments of periods only (`...`) are neither required nor refused: v3 forbids them as node
 * names, but they name nothing outside the store.
 *
 * Hostile: what a file system, a zip tool or a URL would resolve to another place: `..` and
 * `.` segments, a leading `/`, empty segments (`a//b`, a trailing `/`, the empty key), NUL,
 * and backslash (a separator on Windows). Every store refuses them with a StoreKeyError, for
 * reads as well as writes.
 */

export const PORTABLE_KEYS: readonly string[] = [
  "abcdefghijklmnopqrstuvwxyz",
  "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  "0123456789",
  "Case",
  "case",
  "a-b_c.d",
  "-leading-dash",
  "_leading_underscore",
  "trailing.dot.",
  "..two-leading-dots",
  ".zarray",
  ".zattrs",
  ".zgroup",
  ".zmetadata",
  "zarr.json",
  "group/array/.zarray",
  "group/array/0.0.0",
  "group/array/c/0/1/2",
  "x/.hidden/y",
  "d/e/e/p/l/y/n/e/s/t/e/d/k/e/y/0",
  `long/${"s".repeat(200)}`,
];

export const UNICODE_KEYS: readonly string[] = [
  "\u00e9t\u00e9/gr\u00fc\u00dfe",
  "\u65e5\u672c\u8a9e/\u30c7\u30fc\u30bf",
  "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac",
  "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
  "emoji-\u{1f9ca}/\u{1f4e6}",
];

export const SPACE_KEYS: readonly string[] = [
  "with space",
  "dir with space/a b",
  " leading",
  "trailing ",
];

export const PUNCTUATION_KEYS: readonly string[] = [
  "100%",
  "%41%2F",
  "a+b",
  "hash#tag",
  "what?",
  "a&b=c",
  "tilde~",
  "bang!",
  "quote'd",
  "(paren)",
  "comma,semi;",
  "at@dollar$",
  "[bracket]",
];

export const HOSTILE_KEYS: readonly string[] = [
  "",
  "..",
  "../outside",
  "a/../../outside",
  "a/..",
  ".",
  "./a",
  "a/./b",
  "/abs",
  "/",
  "a//b",
  "a/",
  "nul\0byte",
  "back\\slash",
  "..\\outside",
];

/** Listing prefixes whose complete segments break the rules (a partial last segment may not). */
export const HOSTILE_PREFIXES: readonly string[] = [
  "../",
  "./",
  "a/../",
  "a/./",
  "/",
  "/a",
  "a//",
  "back\\slash",
  "nul\0",
];
