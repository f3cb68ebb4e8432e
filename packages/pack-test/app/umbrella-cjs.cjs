// The umbrella through require().
const zarr = require("zarrkit");
const { roundTrip } = require("./round-trip.cjs");

roundTrip({
  create: (shape, chunks) => zarr.zeros(shape, { chunks, dtype: "<i4" }),
  open: (store) => zarr.openArray(store, { mode: "r" }),
}).then((result) => console.log(JSON.stringify(result)));
