import { describe, expect, it } from "vitest";
import { isLocalLocation, localPathOf, localStoreTarget } from "../src/index.js";

describe("local locations", () => {
  it("reads plain paths and file:// URLs, and nothing else", () => {
    expect(localPathOf("data/a.zarr")).toBe("data/a.zarr");
    expect(localPathOf("/abs/a b.zip")).toBe("/abs/a b.zip");
    expect(localPathOf("file:///tmp/a%20b.sqlite")).toBe("/tmp/a b.sqlite");
    expect(localPathOf("https://host/a.zarr")).toBeUndefined();
    expect(localPathOf("s3://bucket/a.zarr")).toBeUndefined();
    expect(isLocalLocation("C:data")).toBe(true);
    expect(isLocalLocation("file:///x")).toBe(true);
    expect(isLocalLocation("http://x/y")).toBe(false);
  });

  it("opens read-only in mode r only, and names a bad mode or a remote location", () => {
    expect(localStoreTarget("a", "r")).toEqual({ path: "a", readOnly: true });
    for (const mode of ["r+", "a", "w", "w-"])
      expect(localStoreTarget("file:///a", mode)).toEqual({ path: "/a", readOnly: false });
    expect(() => localStoreTarget("a", "x")).toThrow(
      'unknown open mode "x" for "a" (expected r, r+, a, w, w-)',
    );
    expect(() => localStoreTarget("http://h/a", "r")).toThrow(
      '"http://h/a" is not a local path or file:// URL',
    );
  });
});
