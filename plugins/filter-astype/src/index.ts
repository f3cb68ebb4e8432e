import { registerCodec } from "@zarrkit/core";
import { AsType } from "./astype.js";

export { AsType, type AsTypeOptions } from "./astype.js";

registerCodec("astype", (config) => AsType.fromConfig(config));
