import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ContainsNodeError, DirectoryStore, open, resolveStore, ZipStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-locations-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("zarrkit opens location strings with the store they name", () => {
  it("directories for plain paths and file:// URLs, zip stores for .zip paths", async () => {
    expect(await resolveStore(join(tmp, "a.zarr"), "w")).toBeInstanceOf(DirectoryStore);
    expect(await resolveStore(pathToFileURL(join(tmp, "b.zarr")).href, "w")).toBeInstanceOf(
      DirectoryStore,
    );
    const zip = await resolveStore(join(tmp, "c.zip"), "w");
    expect(zip).toBeInstanceOf(ZipStore);
    await zip.close?.();
  });

  it('mode "x" creates at a path and refuses one that holds a node, as "w-" does', async () => {
    for (const name of ["x.zarr", "x.zip"]) {
      const location = join(tmp, name);
      const a = await open(location, { mode: "x", shape: [3], chunks: [2], dtype: "<i4" });
      expect("shape" in a && a.shape).toEqual([3]);
      await a.store.close?.();
      await expect(
        open(location, { mode: "x", shape: [3], chunks: [2], dtype: "<i4" }),
      ).rejects.toThrow(ContainsNodeError);
    }
  });
});
