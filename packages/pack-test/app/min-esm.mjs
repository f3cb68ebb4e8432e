// The minimal app, as ES modules: core, the memory store and the zlib codec only.
import { openArray, zeros } from "@zarrkit/core";
import { MemoryStore } from "@zarrkit/store-memory";
import { Zlib } from "@zarrkit/codec-zlib";
import rt from "./round-trip.cjs";

const result = await rt.roundTrip({
  create: (shape, chunks, dtype) =>
    zeros(shape, {
      chunks,
      dtype,
      store: new MemoryStore(),
      compressor: new Zlib({ level: 1 }),
    }),
  open: (store) => openArray(store, { mode: "r" }),
});
console.log(JSON.stringify(result));
