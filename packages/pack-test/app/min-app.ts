// Type-checked (strict) against the shipped declarations of the minimal app's three packages,
// with each moduleResolution an app may use. The @ts-expect-error lines fail the check if the
// declarations are missing or untyped (everything `any`).
import { type NdArray, openArray, zeros } from "@zarrkit/core";
import { Zlib } from "@zarrkit/codec-zlib";
import { MemoryStore } from "@zarrkit/store-memory";

const store = new MemoryStore();
const z = await zeros([4, 5], {
  chunks: [2, 2],
  dtype: "<i4",
  store,
  compressor: new Zlib({ level: 1 }),
});
await z.set(null, 7);
const again = await openArray(store, { mode: "r" });
const row = (await again.get([0, null])) as NdArray<"<i4">;
const data: Int32Array = row.data;
const shape: readonly number[] = row.shape;
console.log(data.length, shape.length);

// @ts-expect-error: a Zlib level is a number
new Zlib({ level: "high" });
// @ts-expect-error: a store's keys are strings
await store.get(1);
