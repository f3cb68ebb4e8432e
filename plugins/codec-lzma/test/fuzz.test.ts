import {
  fuzzBreaches,
  fuzzDecode,
  fuzzPayloads,
  fuzzSamples,
  withUint32,
} from "@zarrkit/codec-test-utils";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { LZMA, type LzmaBackendName, setLzmaBackend } from "../src/index.js";
import { xzZeros } from "./bombs.js";

let xzBomb: Uint8Array;
let aloneBomb: Uint8Array;

beforeAll(async () => {
  xzBomb = await xzZeros(128 * 1024 * 1024);
  aloneBomb = await new LZMA({ format: LZMA.FORMAT_ALONE, preset: 1 }).encode(
    new Uint8Array(32 * 1024 * 1024),
  );
}, 60_000);

afterEach(() => {
  setLzmaBackend("auto");
});

describe("fuzz", () => {
  it.each<[string, LZMA, LzmaBackendName]>([
    ["xz, lzma-native", new LZMA({ preset: 1 }), "lzma-native"],
    ["xz, xz-decompress", new LZMA({ preset: 1 }), "xz-decompress"],
    ["alone, lzma-native", new LZMA({ format: LZMA.FORMAT_ALONE, preset: 1 }), "lzma-native"],
  ])(
    "%s: mutated chunks fail with a CodecError, memory stays bounded",
    async (name, codec, backend) => {
      const samples = await fuzzSamples(codec, fuzzPayloads());
      const alone = codec.format === LZMA.FORMAT_ALONE;
      setLzmaBackend(backend);
      const report = await fuzzDecode({
        codec,
        samples,
        cases: 160,
        seed: name.length,
        // FORMAT_ALONE records the decoded size in header bytes 5-12 (little-endian uint64).
        lie: alone ? (encoded, claimed) => withUint32(encoded, 5, claimed) : undefined,
        bombs: [alone ? aloneBomb : xzBomb],
      });
      expect(fuzzBreaches(report)).toEqual([]);
    },
  );
});
