import { registerCodec } from "@zarrkit/core";

/** The id written into array metadata (prefixed so it cannot clash with a numcodecs id). */
export const XOR_DELTA_ID = "example-xor-delta";

export type { XorDeltaOptions } from "./xor-delta.js";

/**
 * The codec class, loaded on demand. Importing this package costs only this file: the
 * implementation is fetched the first time an array needs it (or when you call this).
 */
export async function loadXorDelta(): Promise<typeof import("./xor-delta.js").XorDelta> {
  return (await import("./xor-delta.js")).XorDelta;
}

// Importing this package registers the id, so arrays whose metadata names it can be opened.
// The factory receives the JSON config from the metadata and may be async.
registerCodec(XOR_DELTA_ID, async (config) => (await loadXorDelta()).fromConfig(config));
