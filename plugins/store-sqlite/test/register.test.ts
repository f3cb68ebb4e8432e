import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ReadOnlyError, resolveStore, ZarrError } from "@zarrkit/core";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
// What an app does: the umbrella first (it registers plain paths as directories and .zip),
// then this plugin, whose registration is tried before those.
import * as zarr from "zarrkit";
import { isSQLiteLocation, SQLiteStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-sqlite-register-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("importing @zarrkit/store-sqlite registers SQLite locations", () => {
  it('zarr.open("x.sqlite") creates and reopens an SQLite store', async () => {
    const location = join(tmp, "data.sqlite");
    const z = await zarr.open(location, { mode: "w", shape: [4, 4], chunks: [2, 2], dtype: "<i4" });
    expect(z.store).toBeInstanceOf(SQLiteStore);
    await (z as zarr.ZarrArray).set(null, 7);
    await z.store.close?.();
    const db = new Database(location, { readonly: true });
    expect(db.prepare("SELECT k FROM zarr ORDER BY k").pluck().all()).toEqual([
      ".zarray",
      "0.0",
      "0.1",
      "1.0",
      "1.1",
    ]);
    db.close();
    const again = (await zarr.open(location, { mode: "r" })) as zarr.ZarrArray;
    expect(again.store).toBeInstanceOf(SQLiteStore);
    expect(Array.from((await again.get(null)).data as Int32Array)).toEqual(Array(16).fill(7));
    await expect(again.set(null, 1)).rejects.toBeInstanceOf(ReadOnlyError);
    await again.store.close?.();
  });

  it("matches .sqlite, .sqlite3 and .sqldb names, and file:// URLs of them", () => {
    for (const name of ["a.sqlite", "b.SQLITE3", "c.sqldb", "dir/d.sqlite"])
      expect(isSQLiteLocation(join(tmp, name)), name).toBe(true);
    expect(isSQLiteLocation(pathToFileURL(join(tmp, "e f.sqlite")).href)).toBe(true);
    for (const name of ["a.zarr", "a.zip", "a.sqlite.zarr", "a.db", "sqlite"])
      expect(isSQLiteLocation(join(tmp, name)), name).toBe(false);
    expect(isSQLiteLocation("https://example.com/a.sqlite")).toBe(false);
    expect(isSQLiteLocation("s3://bucket/a.sqlite")).toBe(false);
  });

  it("an existing SQLite file of any name opens as one; a directory named x.db does not", async () => {
    const file = join(tmp, "results.db");
    const db = new Database(file);
    db.exec("CREATE TABLE zarr(k TEXT PRIMARY KEY, v BLOB)");
    db.close();
    expect(isSQLiteLocation(file)).toBe(true);
    const g = await zarr.openGroup(file, { mode: "a" });
    expect(g.store).toBeInstanceOf(SQLiteStore);
    await g.store.close?.();
    const dir = join(tmp, "folder.db");
    mkdirSync(dir);
    expect(isSQLiteLocation(dir)).toBe(false);
    expect(String(await resolveStore(dir, "a"))).toBe("DirectoryStore");
    const text = join(tmp, "notes.db");
    writeFileSync(text, "SQLite format 2 (not really)");
    expect(isSQLiteLocation(text)).toBe(false);
  });

  it("passes storageOptions, refusing unknown ones by name", async () => {
    const location = join(tmp, "opts.sqlite");
    const store = (await resolveStore(location, "a", { dimensionSeparator: "/" })) as SQLiteStore;
    expect(store.dimensionSeparator).toBe("/");
    await store.close();
    await expect(resolveStore(location, "a", { readonly: true })).rejects.toThrow(
      new ZarrError(
        `storageOptions for ${location}: unknown option "readonly" (SQLiteStore takes dimensionSeparator, timeout; the open mode gives readOnly)`,
      ),
    );
  });
});
