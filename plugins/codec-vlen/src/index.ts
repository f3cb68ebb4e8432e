import { registerCodec } from "@zarrkit/core";
import { VLenBytes, VLenUTF8 } from "./vlen.js";
import { VLenArray } from "./vlen-array.js";

export { VLenBytes, VLenUTF8 } from "./vlen.js";
export { VLenArray, type VLenArrayOptions } from "./vlen-array.js";

// In Zarr v3 both are array->bytes codecs of the `string` and `bytes` data types, named as
// their numcodecs ids with configuration {}. VLenArray has no v3 name: `numcodecs.vlen-array`.
registerCodec("vlen-utf8", (config) => VLenUTF8.fromConfig(config), { v3: { name: "vlen-utf8" } });
registerCodec("vlen-bytes", (config) => VLenBytes.fromConfig(config), {
  v3: { name: "vlen-bytes" },
});
registerCodec("vlen-array", (config) => VLenArray.fromConfig(config));
