import { registerCodec } from "@zarrkit/core";
import { FixedScaleOffset } from "./fixed-scale-offset.js";

export {
  FixedScaleOffset,
  type FixedScaleOffsetOptions,
  type ScaleOffsetNumber,
} from "./fixed-scale-offset.js";

registerCodec("fixedscaleoffset", (config) => FixedScaleOffset.fromConfig(config));
