import type { ChunkInfo, CodecConfig, V3CodecNaming } from "@zarrkit/core";
import { CodecError } from "@zarrkit/core";
import { readOptions } from "./blosc-options.js";

/** v3 names the shuffle where numcodecs numbers it. */
const SHUFFLE_BY_NAME: Record<string, number> = { noshuffle: 0, shuffle: 1, bitshuffle: 2 };
const NAME_BY_SHUFFLE = ["noshuffle", "shuffle", "bitshuffle"] as const;
const V3_KEYS = ["typesize", "cname", "clevel", "shuffle", "blocksize"];

/**
 * The typesize Blosc gets by default at this place in the chain. Object arrays (v3 `string`
 * and `bytes`) reach Blosc as the vlen codec's plain bytes: typesize 1, as zarr-python 3
 * records for types without a fixed item size.
 */
function itemsizeOf(info: ChunkInfo): number | undefined {
  if (info?.dtype === "|O") return 1;
  return info?.itemsize && info.itemsize > 0 ? info.itemsize : undefined;
}

/**
 * Blosc in `zarr.json`: `{ typesize, cname, clevel, shuffle: "noshuffle" | "shuffle" |
 * "bitshuffle", blocksize }`, as zarr-python 3 writes it. The config keeps `typesize` only
 * where it differs from the chunk's itemsize, so a v2 config (numcodecs 0.11 refuses the key)
 * has none in the usual case while a v3 array that recorded another typesize keeps using it.
 */
export const bloscV3: V3CodecNaming = {
  name: "blosc",

  fromV3(configuration, info) {
    for (const key of Object.keys(configuration)) {
      if (!V3_KEYS.includes(key)) {
        throw new CodecError(
          `blosc: unknown v3 configuration key "${key}" (blosc takes ${V3_KEYS.map((k) => `"${k}"`).join(", ")})`,
        );
      }
    }
    const { typesize, cname, clevel, shuffle, blocksize = 0 } = configuration;
    for (const [key, value] of [
      ["cname", cname],
      ["clevel", clevel],
      ["shuffle", shuffle],
    ] as const) {
      if (value === undefined) throw new CodecError(`blosc: the v3 configuration needs "${key}"`);
    }
    if (typeof shuffle !== "string" || !(shuffle in SHUFFLE_BY_NAME)) {
      throw new CodecError(
        `blosc: v3 "shuffle" must be "noshuffle", "shuffle" or "bitshuffle", got ${JSON.stringify(shuffle)}`,
      );
    }
    if (typesize === undefined && shuffle !== "noshuffle") {
      throw new CodecError(
        `blosc: the v3 configuration needs "typesize" when "shuffle" is "${shuffle}" (the item size the shuffle works on)`,
      );
    }
    if (
      typesize !== undefined &&
      (typeof typesize !== "number" || !Number.isInteger(typesize) || typesize < 1)
    ) {
      throw new CodecError(
        `blosc: v3 "typesize" must be a positive integer, got ${JSON.stringify(typesize)}`,
      );
    }
    const config: CodecConfig = {
      id: "blosc",
      cname,
      clevel,
      shuffle: SHUFFLE_BY_NAME[shuffle],
      blocksize,
    };
    // cname, clevel and blocksize follow numcodecs' rules, checked here so a bad zarr.json
    // fails when it is read, not at the first chunk.
    readOptions(config, true);
    return typesize === undefined || typesize === itemsizeOf(info)
      ? config
      : { ...config, typesize };
  },

  toV3(config, info) {
    const typesize =
      typeof config.typesize === "number" ? config.typesize : (itemsizeOf(info) ?? 1);
    const shuffle = typeof config.shuffle === "number" ? config.shuffle : 1;
    // v3 has no AUTOSHUFFLE: record the shuffle numcodecs picks for this typesize.
    const resolved = shuffle === -1 ? (typesize === 1 ? 2 : 1) : shuffle;
    const name = NAME_BY_SHUFFLE[resolved];
    if (name === undefined) {
      throw new CodecError(
        `blosc: "shuffle" ${JSON.stringify(config.shuffle)} has no v3 name (0, 1, 2 or -1 expected)`,
      );
    }
    return {
      typesize,
      cname: config.cname ?? "lz4",
      clevel: config.clevel ?? 5,
      shuffle: name,
      blocksize: config.blocksize ?? 0,
    };
  },
};
