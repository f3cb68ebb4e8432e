// @zarrkit/core with one codec (zlib) and the memory store.
import { Zlib } from "@zarrkit/codec-zlib";
import { zeros } from "@zarrkit/core";
import { MemoryStore } from "@zarrkit/store-memory";

const z = await zeros([100, 100], {
  chunks: [10, 10],
  dtype: "<i4",
  store: new MemoryStore(),
  compressor: new Zlib({ level: 1 }),
});
await z.set("0:10, :", 42);
console.log(await z.get([0, 0]));
