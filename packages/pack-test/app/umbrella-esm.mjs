// The umbrella's defaults: no store (memory) and no compressor (Blosc lz4) given.
import * as zarr from "zarrkit";
import rt from "./round-trip.cjs";

const result = await rt.roundTrip({
  create: (shape, chunks) => zarr.zeros(shape, { chunks, dtype: "<i4" }),
  open: (store) => zarr.openArray(store, { mode: "r" }),
});
console.log(JSON.stringify(result));
