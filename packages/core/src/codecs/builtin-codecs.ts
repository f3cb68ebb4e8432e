import { BYTES_V3, BytesCodec } from "./bytes.js";
import type { CodecFactory, V3CodecNaming } from "./codec-registry.js";
import { CRC32C_V3, createCrc32c } from "./crc32c.js";
import { SHARDING_V3, ShardingCodec } from "./sharding.js";
import { TRANSPOSE_V3, TransposeCodec } from "./transpose.js";

/**
 * The codecs core itself provides. The registry consults this table after what apps
 * registered (so an app can still replace one): core is free of side effects, so built-ins
 * cannot register themselves on import.
 */
export const BUILTIN_CODECS: Readonly<
  Record<string, { readonly factory: CodecFactory; readonly v3: V3CodecNaming }>
> = {
  bytes: { factory: (config) => new BytesCodec(config), v3: BYTES_V3 },
  transpose: { factory: (config) => new TransposeCodec(config), v3: TRANSPOSE_V3 },
  crc32c: { factory: createCrc32c, v3: CRC32C_V3 },
  sharding_indexed: { factory: (config) => new ShardingCodec(config), v3: SHARDING_V3 },
};
