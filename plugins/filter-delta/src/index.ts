import { registerCodec } from "@zarrkit/core";
import { Delta } from "./delta.js";

export { Delta, type DeltaOptions } from "./delta.js";
export { loadDeltaKernels, setDeltaKernelsEnabled } from "./wasm/delta-kernels.js";

registerCodec("delta", (config) => Delta.fromConfig(config));
