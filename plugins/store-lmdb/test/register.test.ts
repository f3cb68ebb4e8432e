import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openGroup, ReadOnlyError, resolveStore, ZarrError } from "@zarrkit/core";
import { afterAll, describe, expect, it } from "vitest";
// Importing the package is all an app does; nothing else registers location strings here.
import { isLMDBPath, LMDBStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-lmdb-register-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("importing @zarrkit/store-lmdb registers .lmdb and .mdb paths", () => {
  it("opens them as LMDB stores, with core alone; mode r reads only", async () => {
    for (const name of ["group.mdb", "other.LMDB"]) {
      const location = join(tmp, name);
      const g = await openGroup(location, { mode: "w" });
      expect(g.store).toBeInstanceOf(LMDBStore);
      await g.attrs.set("units", "m");
      await g.store.close?.();
      expect(existsSync(join(location, "data.mdb"))).toBe(true);
      const again = await openGroup(location, { mode: "r" });
      expect(again.attrs.get("units")).toBe("m");
      await expect(again.attrs.set("units", "km")).rejects.toBeInstanceOf(ReadOnlyError);
      await again.store.close?.();
    }
  });

  it("takes file:// URLs and a trailing slash too", async () => {
    const location = join(tmp, "url env.mdb");
    const store = await resolveStore(`${pathToFileURL(location).href}/`, "w");
    expect(store).toBeInstanceOf(LMDBStore);
    expect((store as LMDBStore).path).toBe(location);
    await store.close?.();
  });

  it("passes storageOptions to the store, refusing unknown ones by name", async () => {
    const location = join(tmp, "options.mdb");
    const store = await resolveStore(location, "w", { sync: false, dimensionSeparator: "/" });
    expect(store).toBeInstanceOf(LMDBStore);
    expect((store as LMDBStore).sync).toBe(false);
    expect((store as LMDBStore).dimensionSeparator).toBe("/");
    await store.close?.();
    const err = await resolveStore(location, "r", { readonly: true }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(ZarrError);
    expect(err?.message).toContain('unknown option "readonly"');
    expect(err?.message).toContain("mapSize");
  });

  it("matches only local paths with those endings", () => {
    expect(isLMDBPath("data/array.mdb")).toBe(true);
    expect(isLMDBPath("/abs/env.lmdb")).toBe(true);
    expect(isLMDBPath("file:///abs/env.mdb")).toBe(true);
    expect(isLMDBPath("data/example.zarr")).toBe(false);
    expect(isLMDBPath("data/x.mdb.zip")).toBe(false);
    expect(isLMDBPath("data/mdb")).toBe(false);
    expect(isLMDBPath("s3://bucket/env.mdb")).toBe(false);
    expect(isLMDBPath("https://example.com/env.lmdb")).toBe(false);
  });
});
