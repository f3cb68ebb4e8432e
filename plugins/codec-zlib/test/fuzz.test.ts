import {
  FUZZ_MEMORY_BOUND,
  type FuzzReport,
  fuzzDecode,
  fuzzSamples,
  payload,
  withUint32,
} from "@zarrkit/codec-test-utils";
import type { Codec } from "@zarrkit/core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DeflateEngineName, GZip, setDeflateEngines, Zlib } from "../src/index.js";
import { zeroStream } from "./bombs.js";

const payloads = [
  payload("<i4", 4096, 1, 1000),
  payload("<f8", 2048, 2, 100),
  payload("|u1", 300, 3),
  new Uint8Array(65536),
];
const bombs: Record<string, Uint8Array> = {};

beforeAll(async () => {
  bombs.zlib = await zeroStream("zlib", 128 * 1024 * 1024);
  bombs.gzip = await zeroStream("gzip", 128 * 1024 * 1024);
}, 60_000);

afterEach(() => {
  setDeflateEngines({ decode: "auto" });
});

function check(report: FuzzReport) {
  expect(report.foreign).toEqual([]);
  expect(report.oversize).toEqual([]);
  expect(report.validFailures).toEqual([]);
  expect(report.byMutation.bomb.decoded).toBe(0);
  expect(report.byMutation.bomb.rejected).toBeGreaterThan(0);
  expect(report.peakRssGrowth).toBeLessThan(FUZZ_MEMORY_BOUND);
  expect(report.maxRssGrowth).toBeLessThan(FUZZ_MEMORY_BOUND);
  expect(report.peakArrayBuffersGrowth).toBeLessThan(FUZZ_MEMORY_BOUND);
}

describe.each<DeflateEngineName>(["node:zlib", "pako"])("fuzz, decoding with %s", (engine) => {
  it.each<[string, Codec, number]>([
    ["zlib", new Zlib({ level: 1 }), 0],
    ["gzip", new GZip({ level: 6 }), 0],
  ])("%s: mutated chunks fail with a CodecError, memory stays bounded", async (id, codec) => {
    setDeflateEngines({ decode: engine });
    const report = await fuzzDecode({
      codec,
      samples: await fuzzSamples(codec, payloads),
      cases: 240,
      seed: engine === "pako" ? 21 : 22,
      // gzip records the decoded size (mod 2^32) in its last four bytes, ISIZE.
      lie:
        id === "gzip"
          ? (encoded, claimed) => withUint32(encoded, encoded.length - 4, claimed)
          : undefined,
      bombs: [bombs[id]!],
    });
    check(report);
  });
});
