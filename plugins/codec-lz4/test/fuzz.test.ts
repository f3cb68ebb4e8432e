import {
  fuzzBreaches,
  fuzzDecode,
  fuzzPayloads,
  fuzzSamples,
  withUint32,
} from "@zarrkit/codec-test-utils";
import { expect, it } from "vitest";
import { LZ4 } from "../src/index.js";
import { zeroChunk } from "./bombs.js";

it("fuzz: mutated chunks fail with a CodecError and memory stays bounded", async () => {
  const codec = new LZ4();
  const samples = await fuzzSamples(codec, fuzzPayloads());
  const report = await fuzzDecode({
    codec,
    samples,
    cases: 400,
    seed: 11,
    lie: (encoded, claimed) => withUint32(encoded, 0, claimed),
    bombs: [zeroChunk(200 * 1024 * 1024)],
  });
  expect(fuzzBreaches(report)).toEqual([]);
  expect(report.byMutation.bomb).toEqual({ decoded: 0, rejected: 50 });
  expect(report.byMutation["header-lie"].decoded).toBe(0);
});
