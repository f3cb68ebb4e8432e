// The minimal app in a browser page: the same work as min-esm.mjs; the result (or the error)
// goes to globalThis.packTest for the test to read.
import { openArray, zeros } from "@zarrkit/core";
import { MemoryStore } from "@zarrkit/store-memory";
import { Zlib } from "@zarrkit/codec-zlib";
import rt from "./round-trip.cjs";

globalThis.packTest = rt
  .roundTrip({
    create: (shape, chunks, dtype) =>
      zeros(shape, {
        chunks,
        dtype,
        store: new MemoryStore(),
        compressor: new Zlib({ level: 1 }),
      }),
    open: (store) => openArray(store, { mode: "r" }),
  })
  .then(
    (result) => ({ result }),
    (e) => ({ error: String(e) }),
  );
