import { CodecError } from "@zarrkit/core";
import { MAX_BUFFERSIZE } from "./container.js";
import { CNAMES } from "./streams.js";

/** Options of {@link Blosc}, named and defaulted as numcodecs' `Blosc(...)` arguments. */
export interface BloscOptions {
  /** One of `blosc.listCompressors()`; default `"lz4"`. */
  cname?: string;
  /** 0 (no compression: the data are stored as they are) to 9; default 5. */
  clevel?: number;
  /** `Blosc.NOSHUFFLE` 0, `SHUFFLE` 1 (default), `BITSHUFFLE` 2 or `AUTOSHUFFLE` -1. */
  shuffle?: number;
  /** Bytes per block; 0 (default) lets Blosc choose as c-blosc does. */
  blocksize?: number;
  /**
   * The item size Blosc shuffles by. Unset (the default, and numcodecs 0.11's only behaviour)
   * takes the chunk's itemsize from the pipeline; Zarr v3 configs record it, and a chunk is
   * written with the recorded one even where it differs from the data type's size.
   */
  typesize?: number;
}

export const SHUFFLE_NAMES: Record<number, string> = {
  [-1]: "AUTOSHUFFLE",
  0: "NOSHUFFLE",
  1: "SHUFFLE",
  2: "BITSHUFFLE",
};
const KEYS = ["cname", "clevel", "shuffle", "blocksize", "typesize"];

/** Blosc's options with numcodecs' defaults filled in (typesize stays unset unless given). */
export type CheckedBloscOptions = Required<Omit<BloscOptions, "typesize">> & {
  typesize: number | undefined;
};

/**
 * Checks Blosc's options (or, with `fromConfig`, a `{ id: "blosc", ... }` config) by
 * numcodecs' rules, naming the key and the value that break them.
 */
export function readOptions(options: unknown, fromConfig: boolean): CheckedBloscOptions {
  const o = options ?? {};
  if (typeof o !== "object" || Array.isArray(o)) {
    throw new CodecError(`blosc: options must be an object, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(o)) {
    if (KEYS.includes(key) || (fromConfig && key === "id")) continue;
    throw new CodecError(
      `blosc: unknown configuration key "${key}" (blosc takes ${KEYS.map((k) => `"${k}"`).join(", ")})`,
    );
  }
  const {
    id,
    cname = "lz4",
    clevel = 5,
    shuffle = 1,
    blocksize = 0,
    typesize,
  } = o as {
    id?: unknown;
    cname?: unknown;
    clevel?: unknown;
    shuffle?: unknown;
    blocksize?: unknown;
    typesize?: unknown;
  };
  if (fromConfig && id !== undefined && id !== "blosc") {
    throw new CodecError(`blosc: cannot build from a config whose id is ${JSON.stringify(id)}`);
  }
  if (typeof cname !== "string" || !(CNAMES as readonly string[]).includes(cname)) {
    throw new CodecError(
      `blosc: unknown "cname" ${JSON.stringify(cname)}; valid cnames are ${CNAMES.join(", ")}`,
    );
  }
  if (typeof clevel !== "number" || !Number.isInteger(clevel) || clevel < 0 || clevel > 9) {
    throw new CodecError(
      `blosc: "clevel" must be an integer from 0 to 9, got ${JSON.stringify(clevel)}`,
    );
  }
  if (typeof shuffle !== "number" || !(shuffle in SHUFFLE_NAMES)) {
    throw new CodecError(
      `blosc: "shuffle" must be -1 (AUTOSHUFFLE), 0 (NOSHUFFLE), 1 (SHUFFLE) or 2 (BITSHUFFLE), got ${JSON.stringify(shuffle)}`,
    );
  }
  if (
    typeof blocksize !== "number" ||
    !Number.isInteger(blocksize) ||
    blocksize < 0 ||
    blocksize > MAX_BUFFERSIZE
  ) {
    throw new CodecError(
      `blosc: "blocksize" must be a non-negative integer (0 for automatic), got ${JSON.stringify(blocksize)}`,
    );
  }
  if (
    typesize !== undefined &&
    (typeof typesize !== "number" || !Number.isInteger(typesize) || typesize < 1)
  ) {
    throw new CodecError(
      `blosc: "typesize" must be a positive integer (bytes per item), got ${JSON.stringify(typesize)}`,
    );
  }
  return { cname, clevel, shuffle, blocksize, typesize };
}
