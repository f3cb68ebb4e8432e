// Type-checked (strict) against the umbrella's shipped declarations (see min-app.ts).
import * as zarr from "zarrkit";

const z = await zarr.zeros([4, 5], { chunks: [2, 2], dtype: "<f8" });
await z.set("0, :", 1.5);
const row = (await z.get([0, null])) as zarr.NdArray<"<f8">;
const data: Float64Array = row.data;
const compressor: zarr.Codec | null = z.compressor;
const blosc = new zarr.Blosc({ cname: "zstd", clevel: 3, shuffle: zarr.Blosc.BITSHUFFLE });
console.log(data.length, String(compressor), String(blosc));

// @ts-expect-error: zeros needs a shape
await zarr.zeros();
// @ts-expect-error: a Zlib level is a number
new zarr.Zlib({ level: "high" });
