import { registerCodec } from "@zarrkit/core";
import { JSONCodec } from "./json.js";

export { JSONCodec, type JSONOptions } from "./json.js";

registerCodec("json2", (config) => JSONCodec.fromConfig(config));
