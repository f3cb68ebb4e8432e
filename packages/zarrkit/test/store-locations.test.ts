import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DirectoryStore, resolveStore, ZipStore } from "../src/index.js";

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
});
