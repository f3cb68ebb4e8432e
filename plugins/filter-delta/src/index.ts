import { registerCodec } from "@zarrkit/core";
import { Delta } from "./delta.js";

export { Delta, type DeltaOptions } from "./delta.js";

registerCodec("delta", (config) => Delta.fromConfig(config));
