// The plugins' shared reference helpers must report what they exist to report: numcodecs'
// refusals, bigint configs, every fixture chunk (nested keys too), and where two sides part.
import { registerCodec } from "@zarrkit/core";
import type { FixtureEntry } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";
import {
  bothWaysMismatches,
  compressorReference,
  dtypeBytes,
  type FixtureChunk,
  fixtureDecodeMismatches,
  fixtureChunks,
  fixtureStore,
  reprMismatches,
  sameBytes,
  smoothInt32Field,
} from "../src/index.js";

describe("compressorReference", () => {
  const text = new TextEncoder().encode("zarr ".repeat(200));

  it("encodes with numcodecs and decodes its own output back", () => {
    const [enc] = compressorReference([{ config: { id: "zlib", level: 1 }, encode: [text] }]);
    expect(enc!.encoded[0]!.length).toBeLessThan(text.length);
    // zlib's header for level 1: CMF 0x78, FLG 0x01.
    expect([...enc!.encoded[0]!.subarray(0, 2)]).toEqual([0x78, 0x01]);
    expect(enc!.repr).toBe("Zlib(level=1)");
    expect(enc!.config).toEqual({ id: "zlib", level: 1 });
    const [dec] = compressorReference([{ config: { id: "zlib" }, decode: enc!.encoded }]);
    expect(sameBytes(dec!.decoded[0]!, text)).toBe("equal");
    expect(dec!.alsoDecoded).toEqual([]);
  });

  it("hands back numcodecs' decode failure as the exception's repr", () => {
    const [r] = compressorReference([
      { config: { id: "zlib" }, decode: [new Uint8Array([1, 2, 3])] },
    ]);
    expect(r!.decoded[0]).toEqual({ error: expect.stringMatching(/^error\(/) });
  });

  it("throws on an encode numcodecs refuses, naming the config, unless asked for the error", () => {
    const jobs = [{ config: { id: "lzma", format: 2, check: 4 }, encode: [text] }];
    expect(() => compressorReference(jobs)).toThrow(
      /numcodecs \{"id":"lzma","format":2,"check":4\} failed to encode payload 0: ValueError/,
    );
    const [r] = compressorReference(jobs, { encodeErrors: true });
    expect(r!.encoded[0]).toEqual({ error: expect.stringContaining("ValueError") });
  });

  it("carries integers past 2^53 both ways as bigints", () => {
    const LZMA1 = 2n ** 62n + 1n;
    const filters = [{ id: LZMA1, preset: 1 }];
    const [r] = compressorReference([{ config: { id: "lzma", format: 2, filters } }]);
    expect(r!.config.filters).toEqual([expect.objectContaining({ id: LZMA1, preset: 1 })]);
  });

  it("runs the alsoDecode function on every decode input", () => {
    const reversed = `
def also_decode(codec, data):
    return data[::-1]
`;
    const [r] = compressorReference(
      [{ config: { id: "zlib" }, decode: [new Uint8Array([1, 2, 3]), new Uint8Array(0)] }],
      { alsoDecode: reversed },
    );
    expect(r!.alsoDecoded).toEqual([new Uint8Array([3, 2, 1]), new Uint8Array(0)]);
  });

  it("hands numcodecs the payload as the job's dtype (Blosc's typesize comes from it)", () => {
    const data = dtypeBytes("<i4", 1000);
    const [r] = compressorReference([
      {
        config: { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1 },
        dtype: "<i4",
        encode: [data],
      },
    ]);
    // Blosc's header byte 3 is the typesize.
    expect(r!.encoded[0]![3]).toBe(4);
  });
});

describe("dtypeBytes", () => {
  it("writes big-endian dtypes as the byte-swapped little-endian values", () => {
    const le = dtypeBytes("<i4", 50);
    const be = dtypeBytes(">i4", 50);
    expect(be).toEqual(new Uint8Array(Buffer.from(le).swap32()));
  });

  it("builds the smooth int32 field: ramps of 4096 values, offset by 7 a ramp, modulo 1000", () => {
    const ints = new Int32Array(smoothInt32Field(8194).buffer);
    expect(ints).toHaveLength(8194);
    expect([ints[0], ints[999], ints[1000], ints[4095], ints[4096], ints[8193]]).toEqual([
      0, 999, 0, 95, 7, 15,
    ]);
  });

  it("gives |V<n> n bytes an element", () => {
    expect(dtypeBytes("|V3", 7).length).toBe(21);
    expect(dtypeBytes("|V20", 2).length).toBe(40);
  });
});

describe("fixtureChunks", () => {
  it("finds flat and nested chunk keys, in name order", () => {
    const chunks = fixtureChunks("zlib");
    // nested_sep.zarr: shape (37, 23), chunks (10, 7), so 4 x 4 chunks under folders 0..3.
    const nested = chunks.filter((c) => c.entry.store === "nested_sep.zarr").map((c) => c.name);
    expect(nested).toHaveLength(16);
    expect(nested[0]).toBe("nested_sep.zarr/0/0");
    expect(nested[15]).toBe("nested_sep.zarr/3/3");
    const flat = chunks.filter((c) => c.entry.store === "zlib_1.zarr").map((c) => c.name);
    expect(flat).toHaveLength(16);
    expect(flat.slice(0, 2)).toEqual(["zlib_1.zarr/0.0", "zlib_1.zarr/0.1"]);
  });
});

describe("fixtureStore", () => {
  it("reads a fixture's keys, says not found for others, and is read-only", async () => {
    const store = fixtureStore("zlib_1.zarr");
    const zarray = JSON.parse(new TextDecoder().decode(await store.get(".zarray")));
    expect(zarray.compressor).toEqual({ id: "zlib", level: 1 });
    expect(await store.get("9.9")).toBeUndefined();
    expect(store.readOnly).toBe(true);
    expect(store.set).toBeUndefined();
  });
});

describe("sameBytes", () => {
  it("says equal, where they part, or the other side's error", () => {
    expect(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe("equal");
    expect(sameBytes(new Uint8Array([1, 2, 3]), new Uint8Array([1, 9, 3]))).toBe(
      "differ at byte 1",
    );
    expect(sameBytes(new Uint8Array(2), new Uint8Array(3))).toBe("length 2 != 3");
    expect(sameBytes({ error: "ValueError()" }, new Uint8Array(0))).toBe("error: ValueError()");
  });
});

describe("reprMismatches", () => {
  const codec = (repr: string, config: Record<string, unknown>) => ({
    toString: () => repr,
    toConfig: () => config,
  });
  const theirs = [{ repr: "Delta(dtype='<i4')", config: { id: "delta", dtype: "<i4" } }];

  it("is empty when repr and config agree, key order included", () => {
    const ok = codec("Delta(dtype='<i4')", { id: "delta", dtype: "<i4" });
    expect(reprMismatches([{ id: "delta" }], theirs, () => ok)).toEqual([]);
  });

  it("names the config and what differs", () => {
    const reordered = codec("Delta(dtype='i4')", { dtype: "<i4", id: "delta" });
    expect(reprMismatches([{ id: "delta" }], theirs, () => reordered)).toEqual([
      `{"id":"delta"}: repr Delta(dtype='i4') != Delta(dtype='<i4')`,
      `{"id":"delta"}: config {"dtype":"<i4","id":"delta"} != {"id":"delta","dtype":"<i4"}`,
    ]);
  });
});

describe("bothWaysMismatches", () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  const identity = { decode: (b: Uint8Array) => b.slice() };
  const result = { theirs: bytes(1, 2), theirsDecoded: bytes(1, 2), oursDecoded: bytes(1, 2) };

  it("is empty when both sides agree both ways", () => {
    expect(bothWaysMismatches(identity, bytes(1, 2), result)).toEqual([]);
  });

  it("reports each way that differs, and numcodecs' error", () => {
    const wrongDecode = { decode: () => bytes(1, 3) };
    expect(
      bothWaysMismatches(wrongDecode, bytes(1, 2, 3), { ...result, oursDecoded: bytes(0, 2) }),
    ).toEqual([
      "our encoding vs numcodecs': length 3 != 2",
      "our decoding of numcodecs' encoding: differ at byte 1",
      "numcodecs' decoding of ours: differ at byte 0",
    ]);
    expect(bothWaysMismatches(identity, bytes(1), { ...result, error: "TypeError" })).toEqual([
      "numcodecs raised TypeError",
    ]);
    expect(bothWaysMismatches({ decode: () => [1, 2] }, bytes(1, 2), result)).toEqual([
      "our decoding of numcodecs' encoding: [object Array], not bytes",
    ]);
  });
});

describe("fixtureDecodeMismatches", () => {
  // Ids of this file alone: "copies" fills the output buffer, "allocates" returns a new array.
  registerCodec("test-ctu-copies", () => ({
    id: "test-ctu-copies",
    encode: (d) => d as Uint8Array,
    decode: (b, out) => {
      out!.set(b);
      return out!;
    },
    toConfig: () => ({ id: "test-ctu-copies" }),
  }));
  registerCodec("test-ctu-allocates", () => ({
    id: "test-ctu-allocates",
    encode: (d) => d as Uint8Array,
    decode: (b) => b.slice(),
    toConfig: () => ({ id: "test-ctu-allocates" }),
  }));
  const chunk = (id: string, name: string, ...bytes: number[]): FixtureChunk => ({
    name,
    entry: { compressor: { id } } as FixtureEntry,
    bytes: Uint8Array.from(bytes),
  });

  it("is empty when every chunk decodes into its buffer as numcodecs decoded it", async () => {
    const chunks = [chunk("test-ctu-copies", "a/0", 1, 2), chunk("test-ctu-copies", "a/1", 3)];
    expect(await fixtureDecodeMismatches(chunks, [Uint8Array.of(1, 2), Uint8Array.of(3)])).toEqual(
      [],
    );
  });

  it("names the chunk and what went wrong", async () => {
    const chunks = [
      chunk("test-ctu-copies", "a/0", 1, 2),
      chunk("test-ctu-allocates", "a/1", 3),
      chunk("test-ctu-copies", "a/2", 4),
    ];
    const theirs = [Uint8Array.of(1, 9), Uint8Array.of(3), { error: "ValueError()" }];
    expect(await fixtureDecodeMismatches(chunks, theirs)).toEqual([
      "a/0: differ at byte 1",
      "a/1: decode did not return the output buffer",
      "a/2: numcodecs could not decode it (ValueError())",
    ]);
  });
});
