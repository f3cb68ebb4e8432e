// The umbrella with a third party's filter: writes xor.zarr through the filter, reads it back
// with a fresh open; prints what it read as JSON.
import "@thirdparty/codec-xor-delta";
import * as zarr from "zarrkit";

const n = 1000;
const data = Float64Array.from({ length: n }, (_, i) => i * 0.25 - 100);
const z = await zarr.create([n], {
  chunks: [300],
  dtype: "<f8",
  store: "xor.zarr",
  filters: [{ id: "example-xor-delta", itemsize: 8 }],
});
await z.set(null, { data, shape: [n] });
const again = await zarr.openArray("xor.zarr");
const back = await again.get(null);
console.log(
  JSON.stringify({
    values: Array.from(back.data),
    filters: again.filters.map((f) => f.toConfig()),
    compressor: String(again.compressor),
  }),
);
