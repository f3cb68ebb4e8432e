import { registerCodec } from "@zarrkit/core";
import { VLenBytes, VLenUTF8 } from "./vlen.js";
import { VLenArray } from "./vlen-array.js";

export { VLenBytes, VLenUTF8 } from "./vlen.js";
export { VLenArray, type VLenArrayOptions } from "./vlen-array.js";

registerCodec("vlen-utf8", (config) => VLenUTF8.fromConfig(config));
registerCodec("vlen-bytes", (config) => VLenBytes.fromConfig(config));
registerCodec("vlen-array", (config) => VLenArray.fromConfig(config));
