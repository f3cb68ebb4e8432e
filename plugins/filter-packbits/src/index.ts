import { registerCodec } from "@zarrkit/core";
import { PackBits } from "./packbits.js";

export { PackBits, type PackBitsOptions } from "./packbits.js";

registerCodec("packbits", (config) => PackBits.fromConfig(config));
