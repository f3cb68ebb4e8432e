// `await Promise.all(sets)` into shared chunks keeps every write, with no synchronizer, on
// the memory, directory and zip stores, and across two arrays opened on one store object.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-concurrent-sets-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const N = 100;
const LENGTH = 3 * N + 2;

/** Set k writes k + 1 into [3k, 3k + 5): each overlaps the next by two elements. */
function expected(): Int32Array {
  const out = new Int32Array(LENGTH);
  for (let k = 0; k < N; k++) for (let p = 3 * k; p < 3 * k + 5; p++) out[p] = k + 1;
  return out;
}

const STORES: [string, () => Promise<zarr.Store>][] = [
  ["memory", async () => new zarr.MemoryStore()],
  ["directory", async () => new zarr.DirectoryStore(mkdtempSync(join(tmp, "dir-")))],
  [
    "zip",
    async () => new zarr.ZipStore(join(mkdtempSync(join(tmp, "zip-")), "a.zip"), { mode: "w" }),
  ],
];

describe.each(STORES)("100 concurrent overlapping sets on the %s store", (_name, makeStore) => {
  it("keep every write, in call order, through one array", async () => {
    const store = await makeStore();
    const z = await zarr.zeros([LENGTH], { chunks: [16], dtype: "<i4", store });
    await Promise.all(
      Array.from({ length: N }, (_, k) => z.set([zarr.slice(3 * k, 3 * k + 5)], k + 1)),
    );
    expect(Array.from((await z.get()).data)).toEqual(Array.from(expected()));
    (store as { close?: () => void }).close?.();
  });

  it("keep every write through two arrays opened on the same store", async () => {
    const store = await makeStore();
    const a = await zarr.zeros([LENGTH], { chunks: [16], dtype: "<i4", store, compressor: null });
    const b = await zarr.openArray(store, { mode: "r+" });
    await Promise.all(
      Array.from({ length: N }, (_, k) =>
        (k % 2 ? a : b).set([zarr.slice(3 * k, 3 * k + 5)], {
          data: new Int32Array(5).fill(k + 1),
          shape: [5],
        }),
      ),
    );
    expect(Array.from((await a.get()).data)).toEqual(Array.from(expected()));
    (store as { close?: () => void }).close?.();
  });
});
