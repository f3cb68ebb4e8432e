// The minimal app in a browser page: the same work as min-esm.mjs; the result (or the error)
// goes to globalThis.packTest for the test to read.
import { openArray, zeros } from "@zarrkit/core";
import { MemoryStore } from "@zarrkit/store-memory";
import { Zlib } from "@zarrkit/codec-zlib";
import rt from "./round-trip.cjs";

globalThis.packTest = rt.roundTrip(rt.minimalLib({ zeros, openArray, MemoryStore, Zlib })).then(
  (result) => ({ result }),
  (e) => ({ error: String(e) }),
);
