// The umbrella as a browser app gets it (the "browser" condition picks its browser entry).
import * as zarr from "zarrkit";

const z = await zarr.zeros([100, 100], { chunks: [10, 10], dtype: "<i4" });
await z.set("0:10, :", 42);
console.log(await z.get([0, 0]), String(z.compressor));
