import { CodecError, getCodec } from "@zarrkit/core";
import { beforeAll, describe, expect, it } from "vitest";
import { LZ4 } from "../src/index.js";
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

/** Repeats of "abcd": short blocks whose end rules (last literals, last match) are easy to break. */
function repeats(): Payload[] {
  return Array.from({ length: 70 }, (_, i) => ({
    name: `abcd... ${i + 10} bytes`,
    data: new Uint8Array(i + 10).map((_, j) => "abcd".charCodeAt(j % 4)),
  }));
}

const small = [...allDtypePayloads(), ...repeats()];
const big = bigPayloads(["|u1", "<i4", "<f8", "<c16"]);
const codec = new LZ4();
let ours: Uint8Array[];
let oursBig: Uint8Array[];
let result: CompressorResult;
let bigResult: CompressorResult;
let fixtures: FixtureChunk[];
let fixtureResult: CompressorResult;

beforeAll(async () => {
  ours = await Promise.all(small.map((p) => codec.encode(p.data)));
  oursBig = await Promise.all(big.map((p) => codec.encode(p.data)));
  fixtures = fixtureChunks("lz4");
  [result, bigResult, fixtureResult] = compressorReference([
    { config: codec.toConfig(), encode: small.map((p) => p.data), decode: ours },
    { config: { id: "lz4", acceleration: 5 }, encode: big.map((p) => p.data), decode: oursBig },
    { config: { id: "lz4", acceleration: 1 }, decode: fixtures.map((f) => f.bytes) },
  ]) as [CompressorResult, CompressorResult, CompressorResult];
});

describe("configuration", () => {
  it("prints and serializes as numcodecs does", () => {
    expect(String(new LZ4())).toBe("LZ4(acceleration=1)");
    expect(new LZ4({ acceleration: 7 }).toConfig()).toEqual({ id: "lz4", acceleration: 7 });
    expect(LZ4.fromConfig({ id: "lz4" }).toConfig()).toEqual({ id: "lz4", acceleration: 1 });
  });

  it("rejects bad configurations with the codec id and field", () => {
    expect(() => new LZ4({ acceleration: 1.5 })).toThrow(
      'lz4: "acceleration" must be a 32-bit integer, got 1.5',
    );
    expect(() => new LZ4({ acceleration: 2 ** 31 })).toThrow(CodecError);
    expect(() => LZ4.fromConfig({ id: "lz4", level: 1 } as never)).toThrow(
      'lz4: unknown configuration key "level"',
    );
    expect(() => LZ4.fromConfig({ id: "blosc" })).toThrow("lz4: cannot build");
  });

  it("registers id lz4", async () => {
    const c = await getCodec({ id: "lz4", acceleration: 3 });
    expect(c).toBeInstanceOf(LZ4);
    expect(String(c)).toBe("LZ4(acceleration=3)");
  });
});

describe("every numeric dtype at 0, 1 and an odd number of elements", () => {
  it("round-trips", async () => {
    for (const [k, p] of small.entries()) {
      expect(sameBytes(await codec.decode(ours[k]!), p.data), p.name).toBe("equal");
    }
  });

  it("numcodecs decodes what we encode (all but empty chunks, which it cannot decode)", () => {
    for (const [k, p] of small.entries()) {
      const theirs = result.decoded[k]!;
      if (p.data.length === 0) {
        // numcodecs 0.11 writes 00000000 00 for no data and refuses to read it back.
        expect(sameBytes(ours[k]!, result.encoded[k]!), p.name).toBe("equal");
        expect(theirs, p.name).toEqual({
          error: "RuntimeError('LZ4 decompression error: invalid input data')",
        });
      } else {
        expect(sameBytes(theirs, p.data), p.name).toBe("equal");
      }
    }
  });

  it("decodes what numcodecs encodes, into the caller's buffer", async () => {
    for (const [k, p] of small.entries()) {
      const out = new Uint8Array(p.data.length);
      expect(await codec.decode(result.encoded[k]!, out), p.name).toBe(out);
      expect(sameBytes(out, p.data), p.name).toBe("equal");
    }
  });
});

describe("4 MiB chunks", () => {
  it("round-trip every numeric dtype", async () => {
    for (const p of bigPayloads()) {
      const encoded = await codec.encode(p.data);
      // LZ4's worst case: incompressible input grows by 1/255 plus a few bytes.
      expect(encoded.length).toBeLessThanOrEqual(4 + p.data.length + p.data.length / 255 + 16);
      const out = new Uint8Array(p.data.length);
      expect(await codec.decode(encoded, out)).toBe(out);
      expect(sameBytes(out, p.data), p.name).toBe("equal");
    }
  });

  it("interoperate with numcodecs both ways", async () => {
    for (const [k, p] of big.entries()) {
      expect(sameBytes(bigResult.decoded[k]!, p.data), `numcodecs reads ours ${p.name}`).toBe(
        "equal",
      );
      expect(sameBytes(await codec.decode(bigResult.encoded[k]!), p.data), p.name).toBe("equal");
    }
  });

  it("encode to exactly numcodecs' bytes (liblz4's LZ4_compress_fast)", async () => {
    const fast = new LZ4({ acceleration: 5 });
    for (const [k, p] of big.entries()) {
      expect(sameBytes(await fast.encode(p.data), bigResult.encoded[k]!), p.name).toBe("equal");
    }
    for (const [k, p] of small.entries()) {
      expect(sameBytes(ours[k]!, result.encoded[k]!), p.name).toBe("equal");
    }
  });
});

describe("corrupt and truncated data", () => {
  const sample = () => result.encoded[small.findIndex((p) => p.name === "<f8 x 1001")]!;

  it("fail at every truncation", async () => {
    const good = sample();
    for (let cut = 1; cut < good.length; cut += 97) {
      await expect(codec.decode(good.subarray(0, good.length - cut)), `cut ${cut}`).rejects.toThrow(
        /^lz4: corrupt/,
      );
    }
    await expect(codec.decode(good.subarray(0, 3))).rejects.toThrow(
      "lz4: corrupt or truncated data: 3 bytes is too short",
    );
  });

  it("fail on a wrong size header, a bad offset or garbage", async () => {
    const good = sample();
    const header = (size: number) => {
      const b = good.slice();
      new DataView(b.buffer).setUint32(0, size, true);
      return b;
    };
    await expect(codec.decode(header(8007))).rejects.toThrow(
      "lz4: corrupt or truncated data: LZ4 block decodes to more than 8007 bytes",
    );
    await expect(codec.decode(header(8009))).rejects.toThrow(
      "LZ4 block decodes to 8008 bytes, expected 8009",
    );
    await expect(codec.decode(header(0xffffffff))).rejects.toThrow(
      "lz4: corrupt data: a size header of 4294967295 bytes",
    );
    // 4 literals then a match reaching back 9 bytes, before the start of the output.
    await expect(
      codec.decode(Uint8Array.of(12, 0, 0, 0, 0x40, 1, 2, 3, 4, 9, 0, 0x40, 5, 6, 7, 8)),
    ).rejects.toThrow("match offset 9 at output byte 4");
    await expect(codec.decode(Uint8Array.of(8, 0, 0, 0, 0x40, 1, 2, 3, 4, 0, 0))).rejects.toThrow(
      "match offset 0",
    );
    await expect(
      codec.decode(new TextEncoder().encode("\u0010\u0000\u0000\u0000not lz4 at all")),
    ).rejects.toThrow(/^lz4: corrupt/);
  });

  it("refuse an output buffer of the wrong size", async () => {
    await expect(codec.decode(sample(), new Uint8Array(10))).rejects.toThrow(
      "lz4: the data hold 8008 bytes, but the chunk holds 10 bytes",
    );
  });
});

describe("zarr-python's chunks", () => {
  it("decode every lz4 fixture chunk as numcodecs does", async () => {
    expect(fixtures.some((f) => f.entry.store === "codec_lz4.zarr")).toBe(true);
    expect(await fixtureDecodeMismatches(fixtures, fixtureResult.decoded)).toEqual([]);
  });
});

describe("64 MiB chunks", () => {
  it("round-trip, with numcodecs' own block bytes", async () => {
    const data = smoothInt32Field(16 << 20);
    const encoded = await codec.encode(data);
    expect(encoded.length).toBeLessThan(data.length / 10);
    const out = new Uint8Array(data.length);
    await codec.decode(encoded, out);
    expect(sameBytes(out, data)).toBe("equal");
  }, 120_000);
});
