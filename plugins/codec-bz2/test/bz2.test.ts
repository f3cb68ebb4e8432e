import { CodecError, getCodec } from "@zarrkit/core";
import { beforeAll, describe, expect, it } from "vitest";
import { BZ2 } from "../src/index.js";
import {
  bigPayloads,
  type FixtureChunk,
  fixtureChunks,
  fixtureDecodeMismatches,
  type CompressorResult,
  compressorReference,
  type Payload,
  sameBytes,
  allDtypePayloads,
  smoothInt32Field,
} from "@zarrkit/codec-test-utils";

const LEVELS = [1, 5, 9];
const small = allDtypePayloads();
const big = bigPayloads(["|u1", "<i4", "<f8"]);
let ours: Uint8Array[][];
let oursBig: Uint8Array[];
let results: CompressorResult[];
let bigResult: CompressorResult;
let fixtures: FixtureChunk[];
let fixtureResult: CompressorResult;

beforeAll(async () => {
  ours = [];
  for (const level of LEVELS) {
    const codec = new BZ2({ level });
    ours.push(await Promise.all(small.map((p) => codec.encode(p.data))));
  }
  oursBig = await Promise.all(big.map((p) => new BZ2().encode(p.data)));
  fixtures = fixtureChunks("bz2");
  const all = compressorReference([
    ...LEVELS.map((level, i) => ({
      config: { id: "bz2", level },
      encode: small.map((p) => p.data),
      decode: ours[i]!,
    })),
    { config: { id: "bz2", level: 1 }, encode: big.map((p) => p.data), decode: oursBig },
    { config: { id: "bz2", level: 1 }, decode: fixtures.map((f) => f.bytes) },
  ]);
  results = all.slice(0, LEVELS.length);
  bigResult = all[LEVELS.length]!;
  fixtureResult = all[LEVELS.length + 1]!;
});

describe("configuration", () => {
  it("prints and serializes as numcodecs does", () => {
    expect(String(new BZ2())).toBe("BZ2(level=1)");
    expect(new BZ2({ level: 9 }).toConfig()).toEqual({ id: "bz2", level: 9 });
    expect(BZ2.fromConfig({ id: "bz2" }).toConfig()).toEqual({ id: "bz2", level: 1 });
  });

  it("rejects bad configurations with the codec id and field", () => {
    expect(() => new BZ2({ level: 0 })).toThrow(
      'bz2: "level" must be an integer from 1 to 9, got 0',
    );
    expect(() => new BZ2({ level: 10 })).toThrow(CodecError);
    expect(() => BZ2.fromConfig({ id: "bz2", blocksize: 3 } as never)).toThrow(
      'bz2: unknown configuration key "blocksize"',
    );
    expect(() => BZ2.fromConfig({ id: "zlib", level: 1 })).toThrow("bz2: cannot build");
  });

  it("registers id bz2", async () => {
    const c = await getCodec({ id: "bz2", level: 3 });
    expect(c).toBeInstanceOf(BZ2);
    expect(String(c)).toBe("BZ2(level=3)");
  });
});

describe.each(LEVELS.map((level, i) => [level, i] as const))("level %i", (level, i) => {
  const codec = new BZ2({ level });
  it("round-trips every numeric dtype at 0, 1 and an odd number of elements", async () => {
    for (const [k, p] of small.entries()) {
      expect(sameBytes(await codec.decode(ours[i]![k]!), p.data), p.name).toBe("equal");
    }
  });

  it("writes the bytes numcodecs writes, and numcodecs decodes them", () => {
    for (const [k, p] of small.entries()) {
      expect(sameBytes(results[i]!.decoded[k]!, p.data), p.name).toBe("equal");
      expect(sameBytes(ours[i]![k]!, results[i]!.encoded[k]!), p.name).toBe("equal");
    }
  });

  it("decodes what numcodecs encodes, with and without the size", async () => {
    for (const [k, p] of small.entries()) {
      const theirs = results[i]!.encoded[k]!;
      const out = new Uint8Array(p.data.length);
      expect(await codec.decode(theirs, out), p.name).toBe(out);
      expect(sameBytes(out, p.data), p.name).toBe("equal");
      expect(sameBytes(await codec.decode(theirs), p.data), `${p.name} unsized`).toBe("equal");
    }
  });
});

describe("4 MiB chunks", () => {
  const info = (p: Payload) => ({
    dtype: "|u1",
    itemsize: 1,
    shape: [p.data.length],
    nbytes: p.data.length,
  });

  it("round-trip and interoperate with numcodecs both ways", async () => {
    const codec = new BZ2();
    for (const [k, p] of big.entries()) {
      expect(sameBytes(bigResult.decoded[k]!, p.data), `numcodecs reads ours ${p.name}`).toBe(
        "equal",
      );
      expect(sameBytes(oursBig[k]!, bigResult.encoded[k]!), `same bytes ${p.name}`).toBe("equal");
      expect(sameBytes(await codec.decode(oursBig[k]!, undefined, info(p)), p.data), p.name).toBe(
        "equal",
      );
    }
  });

  it("decode without knowing their size by growing the buffer", async () => {
    const codec = new BZ2();
    const zeros = new Uint8Array(4 << 20);
    const encoded = await codec.encode(zeros);
    expect(encoded.length).toBeLessThan(100);
    expect(sameBytes(await codec.decode(encoded), zeros)).toBe("equal");
    expect(sameBytes(await codec.decode(bigResult.encoded[1]!), big[1]!.data)).toBe("equal");
  });

  it("refuse an output buffer of the wrong size", async () => {
    const codec = new BZ2();
    await expect(codec.decode(oursBig[0]!, new Uint8Array(1000))).rejects.toThrow(
      "bz2: the stream decodes to more than the 1000 bytes this decode may produce",
    );
    // The expected size from the pipeline (no buffer) bounds the decode the same way.
    const hint = { dtype: "|u1", itemsize: 1, shape: [1000], nbytes: 1000 };
    await expect(codec.decode(oursBig[0]!, undefined, hint)).rejects.toThrow(
      "bz2: the stream decodes to more than the 1000 bytes this decode may produce",
    );
    await expect(codec.decode(oursBig[0]!, new Uint8Array((4 << 20) + 1))).rejects.toThrow(
      "but the chunk holds 4194305 bytes",
    );
  });
});

describe("errors and edge cases", () => {
  it("fails clearly on corrupt and truncated data", async () => {
    const codec = new BZ2();
    const k = small.findIndex((p) => p.name === "<f8 x 1001");
    const good = results[0]!.encoded[k]!;
    for (const cut of [1, 5, good.length >> 1, good.length - 4]) {
      await expect(codec.decode(good.subarray(0, good.length - cut)), `cut ${cut}`).rejects.toThrow(
        "bz2: corrupt or truncated data",
      );
      await expect(
        codec.decode(good.subarray(0, good.length - cut), new Uint8Array(8008)),
      ).rejects.toThrow("bz2: corrupt or truncated data");
    }
    const flipped = good.slice();
    flipped[good.length >> 1]! ^= 0x10;
    await expect(codec.decode(flipped)).rejects.toThrow("bz2: corrupt or truncated data");
    await expect(codec.decode(new TextEncoder().encode("not bzip2 at all"))).rejects.toThrow(
      "bz2: corrupt or truncated data: BZ_DATA_ERROR_MAGIC",
    );
  });

  it("reads an empty input as empty data, as numcodecs does", async () => {
    expect(await new BZ2().decode(new Uint8Array(0))).toEqual(new Uint8Array(0));
  });

  it("leaves no globals or process listeners behind from the WASM loader", async () => {
    await new BZ2().encode(new Uint8Array(10));
    const g = globalThis as Record<string, unknown>;
    expect(g.__dirname).toBeUndefined();
    expect(typeof g.require).toBe("undefined");
    const handlers = process.listeners("unhandledRejection").map(String).join("\n");
    expect(handlers).not.toContain("throw reason");
  });
});

describe("zarr-python's chunks", () => {
  it("decode every bz2 fixture chunk as numcodecs does", async () => {
    expect(fixtures.some((f) => f.entry.store === "bz2_1.zarr")).toBe(true);
    expect(await fixtureDecodeMismatches(fixtures, fixtureResult.decoded)).toEqual([]);
  });
});

describe("64 MiB chunks", () => {
  it("round-trip", async () => {
    const data = smoothInt32Field(16 << 20);
    const codec = new BZ2({ level: 1 });
    const encoded = await codec.encode(data);
    expect(encoded.length).toBeLessThan(data.length / 10);
    const out = new Uint8Array(data.length);
    await codec.decode(encoded, out);
    expect(Buffer.from(out).equals(Buffer.from(data))).toBe(true);
  }, 300_000);
});
