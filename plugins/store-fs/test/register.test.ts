import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openGroup, ReadOnlyError, resolveStore } from "@zarrkit/core";
import { afterAll, describe, expect, it } from "vitest";
// Importing the package is all an app does; nothing else registers location strings here.
import { DirectoryStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-fs-register-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("importing @zarrkit/store-fs registers local locations", () => {
  it("opens plain paths as directory stores, with core alone", async () => {
    const location = join(tmp, "plain.zarr");
    const g = await openGroup(location, { mode: "w" });
    await g.attrs.set("units", "m");
    expect(g.store).toBeInstanceOf(DirectoryStore);
    expect(existsSync(join(location, ".zgroup"))).toBe(true);
    expect(existsSync(join(location, ".zattrs"))).toBe(true);
    const again = await openGroup(location, { mode: "r" });
    expect(again.attrs.get("units")).toBe("m");
    await expect(again.attrs.set("units", "km")).rejects.toBeInstanceOf(ReadOnlyError);
  });

  it("opens file:// URLs as directory stores", async () => {
    const location = join(tmp, "url dir.zarr");
    const store = await resolveStore(pathToFileURL(location).href, "w");
    expect(store).toBeInstanceOf(DirectoryStore);
    expect((store as DirectoryStore).path).toBe(location);
  });

  it("leaves other URL schemes to other plugins", async () => {
    await expect(resolveStore("https://example.com/data.zarr")).rejects.toThrow(
      /no store registered for location "https:\/\/example.com\/data.zarr"/,
    );
  });
});
