import { describe, expect, it } from "vitest";
import { checkStoreKey, checkStorePrefix, StoreKeyError } from "../src/index.js";

describe("checkStoreKey", () => {
  it("accepts keys of non-empty segments, any Unicode text among them", () => {
    for (const key of ["a", ".zarray", "a/b/c/0.0", "...", "..x", "x..", "é/日本/a b", "%41+#?"])
      expect(checkStoreKey(key)).toBe(key);
  });

  it.each([
    ["", /empty key/],
    ["..", /"\.\." segment/],
    ["a/../b", /"\.\." segment/],
    ["a/..", /"\.\." segment/],
    [".", /"\." segment/],
    ["./a", /"\." segment/],
    ["a/./b", /"\." segment/],
    ["/a", /starts with \//],
    ["a//b", /empty path segment/],
    ["a/", /ends with \//],
    ["a\0b", /NUL/],
    ["a\\b", /backslash/],
  ])("refuses %j naming the key and the rule", (key, rule) => {
    let err: unknown;
    try {
      checkStoreKey(key);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreKeyError);
    expect((err as Error).message).toContain(`invalid store key ${JSON.stringify(key)}`);
    expect((err as Error).message).toMatch(rule);
  });

  it("refuses a key that is not a string", () => {
    expect(() => checkStoreKey(3 as unknown as string)).toThrow(/keys are strings, got number/);
  });
});

describe("checkStorePrefix", () => {
  it("accepts the whole store, folders and partial names", () => {
    for (const p of ["", "a/", "a/b", ".", "a/.", "a/..", "..", "a/.z"])
      expect(checkStorePrefix(p)).toBe(p);
  });

  it.each(["../", "./", "a/../", "a/./b", "/a", "/", "a//", "a\\b", "a\0"])("refuses %j", (p) => {
    expect(() => checkStorePrefix(p)).toThrow(StoreKeyError);
    expect(() => checkStorePrefix(p)).toThrow(`invalid store prefix ${JSON.stringify(p)}`);
  });
});
