// The minimal app through require(): Node 20.19+ loads ES modules without top-level await.
const { openArray, zeros } = require("@zarrkit/core");
const { MemoryStore } = require("@zarrkit/store-memory");
const { Zlib } = require("@zarrkit/codec-zlib");
const { roundTrip } = require("./round-trip.cjs");

roundTrip({
  create: (shape, chunks, dtype) =>
    zeros(shape, {
      chunks,
      dtype,
      store: new MemoryStore(),
      compressor: new Zlib({ level: 1 }),
    }),
  open: (store) => openArray(store, { mode: "r" }),
}).then((result) => console.log(JSON.stringify(result)));
