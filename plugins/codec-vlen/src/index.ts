import { registerCodec } from "@zarrkit/core";
import { VLenBytes, VLenUTF8 } from "./vlen.js";

export { VLenBytes, VLenUTF8 } from "./vlen.js";

registerCodec("vlen-utf8", (config) => VLenUTF8.fromConfig(config));
registerCodec("vlen-bytes", (config) => VLenBytes.fromConfig(config));
