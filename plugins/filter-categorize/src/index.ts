import { registerCodec } from "@zarrkit/core";
import { Categorize } from "./categorize.js";

export { Categorize, type CategorizeOptions } from "./categorize.js";

registerCodec("categorize", (config) => Categorize.fromConfig(config));
