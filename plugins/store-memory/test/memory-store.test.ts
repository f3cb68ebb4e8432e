import { listKeys, storeListDir } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../src/index.js";

describe("MemoryStore", () => {
  it("stores, lists, ranges and deletes values", async () => {
    const s = new MemoryStore();
    await s.set("a/.zarray", new Uint8Array([1]));
    await s.set("a/0.0", new Uint8Array([1, 2, 3, 4]));
    await s.set("b/c/0", new Uint8Array([9]));
    expect(await listKeys(s, "a/")).toEqual(["a/.zarray", "a/0.0"]);
    expect(await storeListDir(s, "")).toEqual({ keys: [], prefixes: ["a", "b"] });
    expect(await s.getRange("a/0.0", { offset: 1, length: 2 })).toEqual(new Uint8Array([2, 3]));
    expect(await s.getRange("a/0.0", { offset: 2 })).toEqual(new Uint8Array([3, 4]));
    expect(await s.getRange("a/0.0", { suffixLength: 3 })).toEqual(new Uint8Array([2, 3, 4]));
    expect(await s.getRange("a/0.0", { suffixLength: 99 })).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(await s.getRange("a/0.0", { offset: 9, length: 2 })).toEqual(new Uint8Array(0));
    expect(await s.getRange("nope", { suffixLength: 1 })).toBeUndefined();
    expect(await s.delete("a/0.0")).toBe(true);
    expect(await s.delete("a/0.0")).toBe(false);
    expect(await s.get("a/0.0")).toBeUndefined();
    await s.deletePrefix("b/");
    expect(await listKeys(s)).toEqual(["a/.zarray"]);
    expect(String(s)).toBe("MemoryStore");
  });
});
