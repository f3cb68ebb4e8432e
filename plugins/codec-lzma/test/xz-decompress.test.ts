// The portable engine (xz-decompress, WebAssembly), as browsers get it: plain XZ decodes, the
// rest fails with an error that says what is missing.
import { CodecError } from "@zarrkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LZMA, type LZMAOptions, lzmaBackend, setLzmaBackend } from "../src/index.js";
import {
  type FixtureChunk,
  fewPayloads,
  fixtureChunks,
  type CompressorResult,
  compressorReference,
  sameBytes,
} from "@zarrkit/codec-test-utils";
import { PYTHON_LZMA_DECODE } from "./python-lzma.js";

const XZ_CONFIGS: LZMAOptions[] = [
  {},
  { preset: 1, check: LZMA.CHECK_NONE },
  { preset: 1, check: LZMA.CHECK_CRC32 },
  { preset: 9 + LZMA.PRESET_EXTREME, check: LZMA.CHECK_CRC64 },
  { preset: 0, check: LZMA.CHECK_CRC64 },
  { filters: [{ id: LZMA.FILTER_LZMA2, preset: 2, lc: 0, lp: 2, pb: 0 }] },
];
const payloads = fewPayloads();
let theirs: CompressorResult[];
let fixtures: FixtureChunk[];
let fixtureResult: CompressorResult[];

beforeAll(() => {
  expect(setLzmaBackend("xz-decompress")).toBe("auto");
  theirs = compressorReference(
    XZ_CONFIGS.map((o) => ({ config: { id: "lzma", ...o }, encode: payloads.map((p) => p.data) })),
  );
  fixtures = fixtureChunks("lzma");
  fixtureResult = compressorReference(
    ["lzma_default.zarr", "lzma_delta_chain.zarr"].map((s) => {
      const chunks = fixtures.filter((f) => f.entry.store === s);
      return { config: chunks[0]!.entry.compressor!, decode: chunks.map((f) => f.bytes) };
    }),
    { alsoDecode: PYTHON_LZMA_DECODE },
  );
});

afterAll(() => {
  setLzmaBackend("auto");
});

it("is the engine in use", async () => {
  expect(await lzmaBackend()).toBe("xz-decompress");
  expect(() => setLzmaBackend("zlib" as never)).toThrow(
    'lzma: backend must be "auto", "lzma-native" or "xz-decompress"',
  );
});

describe.each(XZ_CONFIGS.map((o, i) => [String(new LZMA(o)), i] as const))("%s", (_n, i) => {
  it("decodes numcodecs' chunks", async () => {
    const codec = new LZMA(XZ_CONFIGS[i]);
    for (const [k, p] of payloads.entries()) {
      expect(
        sameBytes(await codec.decode(theirs[i]!.encoded[k] as Uint8Array), p.data),
        p.name,
      ).toBe("equal");
    }
  });
});

it("decodes the lzma_default fixture as Python does", async () => {
  const chunks = fixtures.filter((f) => f.entry.store === "lzma_default.zarr");
  // Shape (37, 23) in (10, 7) chunks: 4 x 4 of them.
  expect(chunks).toHaveLength(16);
  const codec = LZMA.fromConfig(chunks[0]!.entry.compressor as never);
  for (const [k, f] of chunks.entries()) {
    expect(
      sameBytes(await codec.decode(f.bytes), fixtureResult[0]!.alsoDecoded[k] as Uint8Array),
      f.name,
    ).toBe("equal");
  }
});

it("says why it cannot decode a delta chain", async () => {
  const chunk = fixtures.find((f) => f.entry.store === "lzma_delta_chain.zarr")!;
  expect(fixtureResult[1]!.alsoDecoded[0]).toBeInstanceOf(Uint8Array);
  await expect(
    LZMA.fromConfig(chunk.entry.compressor as never).decode(chunk.bytes),
  ).rejects.toThrow(
    "lzma: decoding an XZ stream whose filter chain has more than LZMA2 (such as the delta filter) needs lzma-native (Node.js)",
  );
});

it("says it cannot encode, nor decode ALONE or RAW data or SHA-256 checked streams", async () => {
  const data = new Uint8Array(100);
  setLzmaBackend("lzma-native");
  const sha = await new LZMA({ check: LZMA.CHECK_SHA256 }).encode(data);
  setLzmaBackend("xz-decompress");
  await expect(new LZMA().decode(sha)).rejects.toThrow(
    "lzma: decoding an XZ stream with integrity check CHECK_SHA256 needs lzma-native (Node.js)",
  );
  await expect(new LZMA().encode(data)).rejects.toThrow(
    "lzma: encoding needs lzma-native (Node.js)",
  );
  await expect(new LZMA({ format: 2 }).decode(data)).rejects.toThrow(
    "lzma: decoding FORMAT_ALONE data needs lzma-native (Node.js)",
  );
  await expect(new LZMA({ format: 3, filters: [{ id: 33 }] }).decode(data)).rejects.toThrow(
    "lzma: decoding FORMAT_RAW data needs lzma-native (Node.js)",
  );
  await expect(new LZMA({ format: 0 }).decode(data)).rejects.toThrow(
    "FORMAT_ALONE data needs lzma-native",
  );
});

it("throws on corrupt and truncated chunks", async () => {
  const good = theirs[0]!.encoded[2] as Uint8Array;
  const codec = new LZMA();
  for (const cut of [1, 12, 30, good.length - 1]) {
    await expect(codec.decode(good.subarray(0, cut)), `cut at ${cut}`).rejects.toThrow(CodecError);
  }
  const bad = good.slice();
  bad[Math.floor(bad.length / 2)]! ^= 0x10;
  await expect(codec.decode(bad)).rejects.toThrow(
    /^lzma: corrupt or truncated data \(xz-decompress: /,
  );
  await expect(codec.decode(new Uint8Array(50))).rejects.toThrow(
    "lzma: corrupt or truncated data: not an XZ stream",
  );
  // The codec still works after errors (xz-decompress serializes its contexts with a lock).
  expect(sameBytes(await codec.decode(good), payloads[2]!.data)).toBe("equal");
});
