// The minimal app, as ES modules: core, the memory store and the zlib codec only.
import { openArray, zeros } from "@zarrkit/core";
import { MemoryStore } from "@zarrkit/store-memory";
import { Zlib } from "@zarrkit/codec-zlib";
import rt from "./round-trip.cjs";

const result = await rt.roundTrip(rt.minimalLib({ zeros, openArray, MemoryStore, Zlib }));
console.log(JSON.stringify(result));
