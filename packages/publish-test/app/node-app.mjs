// The minimal Node app: core, the directory store and zlib, installed by name from the
// registry. Writes data.zarr for zarr-python to read; prints what it read back as JSON.
import { Zlib } from "@zarrkit/codec-zlib";
import { create, openArray } from "@zarrkit/core";
import { DirectoryStore } from "@zarrkit/store-fs";

const [rows, cols] = [20, 30];
const data = new Int32Array(rows * cols);
for (let i = 0; i < data.length; i++) data[i] = i * 7919 - 1000000;
const store = new DirectoryStore("data.zarr");
const z = await create([rows, cols], {
  chunks: [7, 8],
  dtype: "<i4",
  store,
  compressor: new Zlib({ level: 1 }),
});
await z.set(null, { data, shape: [rows, cols] });
await z.set("2:5, 3:9", -7);
const again = await openArray(new DirectoryStore("data.zarr"));
const back = await again.get(null);
console.log(
  JSON.stringify({ values: Array.from(back.data), compressor: String(again.compressor) }),
);
