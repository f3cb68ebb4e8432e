import { registerCodec } from "@zarrkit/core";
import { Quantize } from "./quantize.js";

export { Quantize, type QuantizeOptions, quantizeBits } from "./quantize.js";

registerCodec("quantize", (config) => Quantize.fromConfig(config));
