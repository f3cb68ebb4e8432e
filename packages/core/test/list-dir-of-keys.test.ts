import { describe, expect, it } from "vitest";
import { listDirOfKeys } from "../src/index.js";

describe("listDirOfKeys", () => {
  const keys = ["b/.zarray", "a/0.0", "a/0.1", "a/sub/1", ".zgroup", "ab/x", "b/0"];

  it("splits the keys under a prefix into values and folders, sorted and once each", () => {
    expect(listDirOfKeys(keys, "")).toEqual({ keys: [".zgroup"], prefixes: ["a", "ab", "b"] });
    expect(listDirOfKeys(keys, "a/")).toEqual({ keys: ["0.0", "0.1"], prefixes: ["sub"] });
  });

  it("ignores keys outside the prefix, including ones that only share its start", () => {
    expect(listDirOfKeys(new Set(keys), "b/")).toEqual({ keys: [".zarray", "0"], prefixes: [] });
    expect(listDirOfKeys(keys, "c/")).toEqual({ keys: [], prefixes: [] });
  });
});
