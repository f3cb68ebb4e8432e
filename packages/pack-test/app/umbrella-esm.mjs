// The umbrella's defaults: no store (memory) and no compressor (Blosc lz4) given. The process
// must exit by itself afterwards (idle codec workers do not keep it alive).
import * as zarr from "zarrkit";
import rt from "./round-trip.cjs";

const lib = {
  create: (shape, chunks, dtype) => zarr.zeros(shape, { chunks, dtype }),
  open: (store) => zarr.openArray(store, { mode: "r" }),
};
const result = await rt.roundTrip(lib);
result.big = await rt.bigRoundTrip(lib);
result.workersStarted = zarr.getWorkerPool().started;
console.log(JSON.stringify(result));
