import {
  fuzzBreaches,
  fuzzDecode,
  fuzzPayloads,
  fuzzSamples,
  withUint32,
} from "@zarrkit/codec-test-utils";
import type { Codec } from "@zarrkit/core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DeflateEngineName, GZip, setDeflateEngines, Zlib } from "../src/index.js";
import { zeroStream } from "./bombs.js";

const bombs: Record<string, Uint8Array> = {};

beforeAll(async () => {
  bombs.zlib = await zeroStream("zlib", 128 * 1024 * 1024);
  bombs.gzip = await zeroStream("gzip", 128 * 1024 * 1024);
}, 60_000);

afterEach(() => {
  setDeflateEngines({ decode: "auto" });
});

describe.each<DeflateEngineName>(["node:zlib", "pako"])("fuzz, decoding with %s", (engine) => {
  it.each<[string, Codec, number]>([
    ["zlib", new Zlib({ level: 1 }), 0],
    ["gzip", new GZip({ level: 6 }), 0],
  ])("%s: mutated chunks fail with a CodecError, memory stays bounded", async (id, codec) => {
    setDeflateEngines({ decode: engine });
    const report = await fuzzDecode({
      codec,
      samples: await fuzzSamples(codec, fuzzPayloads()),
      cases: 240,
      seed: engine === "pako" ? 21 : 22,
      // gzip records the decoded size (mod 2^32) in its last four bytes, ISIZE.
      lie:
        id === "gzip"
          ? (encoded, claimed) => withUint32(encoded, encoded.length - 4, claimed)
          : undefined,
      bombs: [bombs[id]!],
    });
    expect(fuzzBreaches(report)).toEqual([]);
  });
});
