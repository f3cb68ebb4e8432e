import { registerCodec } from "@zarrkit/core";
import { MsgPack } from "./msgpack.js";

export { MsgPack, type MsgPackOptions } from "./msgpack.js";

registerCodec("msgpack2", (config) => MsgPack.fromConfig(config));
