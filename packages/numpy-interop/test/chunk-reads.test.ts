// How often a selection asks the store for a chunk, in the one case the random comparison
// found wrong: a read of exactly one whole chunk that is not stored.
import * as zarr from "zarrkit";
import { expect, it } from "vitest";
import { CountingStore } from "./counting-store.js";
import { valuesOf } from "./fancy-api.js";

it("a block read of one whole chunk that is not stored asks the store for its key once", async () => {
  const store = new CountingStore();
  const z = await zarr.full([4, 2], 5, { chunks: [1, 2], dtype: "<i4", store });
  await z.set([zarr.slice(0, 3), null], 1);
  store.reset();
  const got = await z.blocks.get([3]);
  expect(valuesOf(got)).toEqual({ shape: [1, 2], values: [5, 5] });
  // The shortcut for a read of one whole chunk used to fall back to the general path when the
  // chunk was missing, and that path fetched the key a second time.
  expect(store.gets).toEqual(["3.0"]);
});

it("a block read of one whole stored chunk asks the store for its key once", async () => {
  const store = new CountingStore();
  const z = await zarr.zeros([4, 2], { chunks: [1, 2], dtype: "<i4", store });
  await z.set(null, [
    [1, 2],
    [3, 4],
    [5, 6],
    [7, 8],
  ]);
  store.reset();
  expect(valuesOf(await z.blocks.get([3]))).toEqual({ shape: [1, 2], values: [7, 8] });
  expect(store.gets).toEqual(["3.0"]);
});
