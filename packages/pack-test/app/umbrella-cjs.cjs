// The umbrella through require().
const zarr = require("zarrkit");
const { roundTrip, bigRoundTrip } = require("./round-trip.cjs");

const lib = {
  create: (shape, chunks, dtype) => zarr.zeros(shape, { chunks, dtype }),
  open: (store) => zarr.openArray(store, { mode: "r" }),
};
(async () => {
  const result = await roundTrip(lib);
  result.big = await bigRoundTrip(lib);
  result.workersStarted = zarr.getWorkerPool().started;
  console.log(JSON.stringify(result));
})();
