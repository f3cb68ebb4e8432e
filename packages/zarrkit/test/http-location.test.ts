import { describe, expect, it } from "vitest";
import * as browser from "../src/browser.js";
import { HttpStore, resolveStore } from "../src/index.js";

describe("zarrkit opens http(s):// URLs as HttpStores", () => {
  it("in Node and in the browser entry, with storageOptions as the store's options", async () => {
    const store = await resolveStore("https://example.com/data.zarr", "r", { concurrency: 4 });
    expect(store).toBeInstanceOf(HttpStore);
    expect((store as HttpStore).concurrency).toBe(4);
    expect((store as HttpStore).url("a/.zarray")).toBe("https://example.com/data.zarr/a/.zarray");
    expect(browser.HttpStore).toBe(HttpStore);
    expect(await browser.resolveStore("http://127.0.0.1:1/x", "r")).toBeInstanceOf(HttpStore);
  });
});
