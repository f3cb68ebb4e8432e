// @zarrkit/core alone: an app with its own Map store and no compressor (bench/src/bundle-size.ts's first app).
import { zeros } from "@zarrkit/core";

const map = new Map();
const store = {
  get: async (k) => map.get(k),
  set: async (k, v) => void map.set(k, v),
  delete: async (k) => map.delete(k),
  list: async (p = "") => [...map.keys()].filter((k) => k.startsWith(p)),
  toString: () => "MapStore",
};
const z = await zeros([100, 100], { chunks: [10, 10], dtype: "<i4", store, compressor: null });
await z.set("0:10, :", 42);
console.log(await z.get([0, 0]));
