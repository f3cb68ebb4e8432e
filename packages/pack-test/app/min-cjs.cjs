// The minimal app through require(): Node 20.19+ loads ES modules without top-level await.
const { openArray, zeros } = require("@zarrkit/core");
const { MemoryStore } = require("@zarrkit/store-memory");
const { Zlib } = require("@zarrkit/codec-zlib");
const { roundTrip, minimalLib } = require("./round-trip.cjs");

roundTrip(minimalLib({ zeros, openArray, MemoryStore, Zlib })).then((result) =>
  console.log(JSON.stringify(result)),
);
