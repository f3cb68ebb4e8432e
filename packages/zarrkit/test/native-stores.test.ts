import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";
import { loadPlugin } from "../src/native-stores.js";

const dir = mkdtempSync(join(tmpdir(), "zarrkit-native-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the umbrella opens SQLite and LMDB locations through their optional plugins", () => {
  it("writes a .sqlite path as an SQLite database file, not a directory", async () => {
    const path = join(dir, "a.sqlite");
    const a = await zarr.openArray(path, { mode: "w", shape: [6], chunks: [4], dtype: "<i4" });
    await a.set(null, new Int32Array([1, 2, 3, 4, 5, 6]));
    await (a.store as { close?: () => Promise<void> | void }).close?.();
    expect(statSync(path).isFile()).toBe(true);
    expect(readFileSync(path).subarray(0, 15).toString("latin1")).toBe("SQLite format 3");
    const b = await zarr.openArray(path, { mode: "r" });
    expect(Array.from((await b.get()).data as Int32Array)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("writes a .mdb path as an LMDB environment", async () => {
    const path = join(dir, "b.mdb");
    const a = await zarr.openArray(path, { mode: "w", shape: [3], chunks: [2], dtype: "<f8" });
    await a.set(null, new Float64Array([0.5, 1.5, 2.5]));
    await (a.store as { close?: () => Promise<void> | void }).close?.();
    expect(statSync(join(path, "data.mdb")).isFile()).toBe(true);
    const b = await zarr.openArray(path, { mode: "r" });
    expect(Array.from((await b.get()).data as Float64Array)).toEqual([0.5, 1.5, 2.5]);
    await (b.store as { close?: () => Promise<void> | void }).close?.();
  });

  it("names the plugin to install when it is missing", async () => {
    await expect(loadPlugin("@zarrkit/store-nonexistent", "x.none")).rejects.toThrow(
      '"x.none" names a nonexistent store, which needs the plugin @zarrkit/store-nonexistent: run `npm install @zarrkit/store-nonexistent`',
    );
  });
});
