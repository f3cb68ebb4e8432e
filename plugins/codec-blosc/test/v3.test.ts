// Blosc's Zarr v3 form: the name "blosc", shuffle by name, typesize recorded; and the chunks
// zarr-python 3.1 wrote with it, decoded by hand from the fixture files.
import {
  type ChunkInfo,
  CodecError,
  codecConfigFromV3,
  codecConfigToV3,
  getCodec,
} from "@zarrkit/core";
import {
  assembleV3Array,
  rawValues,
  untranspose,
  v3Fixture,
  v3FixturesUsing,
} from "@zarrkit/codec-test-utils";
import { runPythonJson } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";
import { Blosc, readHeader } from "../src/index.js";

const info = (itemsize: number): ChunkInfo => ({
  dtype: itemsize === 1 ? "|u1" : `<i${itemsize}`,
  itemsize,
  shape: [100],
});

/** What zarr-python 3.1 writes for an int16 array with its default blosc (fixture 1d.contiguous.blosc.i2). */
const WRITTEN = {
  name: "blosc",
  configuration: { typesize: 4, cname: "zstd", clevel: 5, shuffle: "noshuffle", blocksize: 0 },
};

describe("blosc v3 configuration", () => {
  it("writes the v3 name, the shuffle by name and the chunk's itemsize as typesize", () => {
    const c = new Blosc({ cname: "lz4", clevel: 3, shuffle: Blosc.BITSHUFFLE, blocksize: 256 });
    const v3 = codecConfigToV3(c.toConfig(), info(8));
    expect(v3).toEqual({
      name: "blosc",
      configuration: {
        typesize: 8,
        cname: "lz4",
        clevel: 3,
        shuffle: "bitshuffle",
        blocksize: 256,
      },
    });
    // zarr-python writes the keys in this order; JSON output keeps insertion order.
    expect(Object.keys(v3.configuration!)).toEqual([
      "typesize",
      "cname",
      "clevel",
      "shuffle",
      "blocksize",
    ]);
    expect(codecConfigToV3(new Blosc({ shuffle: 0 }).toConfig(), info(2)).configuration).toEqual({
      typesize: 2,
      cname: "lz4",
      clevel: 5,
      shuffle: "noshuffle",
      blocksize: 0,
    });
  });

  it("resolves AUTOSHUFFLE to the shuffle numcodecs 0.11 applies for the typesize", () => {
    // numcodecs' own choice, read from the flags of the header it writes (bit 0: byte
    // shuffle, bit 2: bit shuffle).
    const flags = runPythonJson<number[]>(
      `import json, numpy as np, numcodecs
c = numcodecs.Blosc(cname="lz4", clevel=5, shuffle=-1)
print(json.dumps([c.encode(np.arange(256, dtype=t))[2] for t in ("u1", "<i2", "<i4", "<f8")]))`,
    );
    const names = [1, 2, 4, 8].map(
      (size) =>
        codecConfigToV3(new Blosc({ shuffle: Blosc.AUTOSHUFFLE }).toConfig(), info(size))
          .configuration!.shuffle,
    );
    const theirs = flags.map((f) => (f & 0x4 ? "bitshuffle" : f & 0x1 ? "shuffle" : "noshuffle"));
    expect(names).toEqual(theirs);
    expect(names).toEqual(["bitshuffle", "shuffle", "shuffle", "shuffle"]);
  });

  it("reads zarr-python's configuration and keeps its typesize where it differs from the itemsize", async () => {
    const config = codecConfigFromV3(WRITTEN, info(2), "codecs[1]");
    expect(config).toEqual({
      id: "blosc",
      cname: "zstd",
      clevel: 5,
      shuffle: 0,
      blocksize: 0,
      typesize: 4,
    });
    const codec = (await getCodec(config)) as Blosc;
    expect(codec.typesize).toBe(4);
    // The recorded typesize, not the int16 itemsize, goes into the chunks it writes.
    const encoded = await codec.encode(
      new Int16Array(200).map((_, i) => i),
      info(2),
    );
    expect(readHeader(encoded).typesize).toBe(4);
    // And it is written back as it was read.
    expect(codecConfigToV3(config, info(2))).toEqual(WRITTEN);
  });

  it("leaves typesize out of the config when it is the itemsize (v2 has no such key)", async () => {
    const read = { name: "blosc", configuration: { ...WRITTEN.configuration, typesize: 2 } };
    const config = codecConfigFromV3(read, info(2), "codecs[1]");
    expect("typesize" in config).toBe(false);
    expect(codecConfigToV3(config, info(2))).toEqual(read);
    const encoded = await (await getCodec(config)).encode(new Int16Array(200), info(2));
    expect(readHeader(encoded as Uint8Array).typesize).toBe(2);
  });

  it("records typesize 1 after a vlen codec (object arrays reach Blosc as plain bytes)", () => {
    const objects: ChunkInfo = { dtype: "|O", itemsize: 8, shape: [10] };
    const v3 = codecConfigToV3(new Blosc({ shuffle: 0 }).toConfig(), objects);
    expect(v3.configuration!.typesize).toBe(1);
    expect("typesize" in codecConfigFromV3(v3, objects, "c")).toBe(false);
  });

  it("reads numcodecs.blosc (zarr-python 3's numcodecs wrapper) with numcodecs' numbers", async () => {
    const entry = {
      name: "numcodecs.blosc",
      configuration: { cname: "lz4", clevel: 1, shuffle: 2, blocksize: 0, typesize: 2 },
    };
    const config = codecConfigFromV3(entry, info(4), "codecs[1]");
    expect(config).toEqual({ id: "blosc", ...entry.configuration });
    const codec = (await getCodec(config)) as Blosc;
    expect([codec.shuffle, codec.typesize]).toEqual([2, 2]);
  });

  it("round-trips every shuffle name", () => {
    for (const shuffle of ["noshuffle", "shuffle", "bitshuffle"]) {
      const v3 = {
        name: "blosc",
        configuration: { typesize: 4, cname: "blosclz", clevel: 9, shuffle, blocksize: 0 },
      };
      expect(codecConfigToV3(codecConfigFromV3(v3, info(4), "c"), info(4))).toEqual(v3);
    }
  });

  it("refuses a v3 configuration that breaks the spec, naming the field", () => {
    const from = (configuration: Record<string, unknown>) => () =>
      codecConfigFromV3({ name: "blosc", configuration }, info(4), "codecs[1]");
    const base = WRITTEN.configuration;
    expect(from({ ...base, shuffle: 1 })).toThrow(
      'codecs[1]: codec "blosc": blosc: v3 "shuffle" must be "noshuffle", "shuffle" or "bitshuffle", got 1',
    );
    expect(from({ ...base, shuffle: "shuffle", typesize: undefined })).toThrow(
      'needs "typesize" when "shuffle" is "shuffle"',
    );
    expect(from({ ...base, typesize: 0 })).toThrow(
      'v3 "typesize" must be a positive integer, got 0',
    );
    expect(from({ ...base, nthreads: 2 })).toThrow('unknown v3 configuration key "nthreads"');
    const { cname: _c, ...noCname } = base;
    expect(from(noCname)).toThrow('needs "cname"');
    expect(from({ ...base, shuffle: "bitshuffle", clevel: "5" })).toThrow(CodecError);
    // The spec lets noshuffle leave typesize out: the chunk's itemsize is used then.
    expect(from({ ...base, shuffle: "noshuffle", typesize: undefined })()).toEqual({
      id: "blosc",
      cname: "zstd",
      clevel: 5,
      shuffle: 0,
      blocksize: 0,
    });
  });

  it("takes typesize as an option, validated", () => {
    expect(new Blosc({ typesize: 4 }).toConfig()).toEqual({
      id: "blosc",
      cname: "lz4",
      clevel: 5,
      shuffle: 1,
      blocksize: 0,
      typesize: 4,
    });
    expect(String(new Blosc({ typesize: 4 }))).toBe(
      "Blosc(cname='lz4', clevel=5, shuffle=SHUFFLE, blocksize=0, typesize=4)",
    );
    expect(() => new Blosc({ typesize: 1.5 })).toThrow(
      'blosc: "typesize" must be a positive integer',
    );
  });
});

const ITEMSIZE: Record<string, number> = {
  bool: 1,
  uint8: 1,
  int16: 2,
  int32: 4,
  float16: 2,
  float32: 4,
  float64: 8,
};

describe("zarr-python 3.1's blosc chunks (fixtures/zarr-v3)", () => {
  const arrays = v3FixturesUsing("blosc");

  it("covers the fixture arrays that use blosc", () => {
    // The 17 arrays of data.zarr whose zarr.json names blosc.
    expect(arrays).toHaveLength(17);
  });

  for (const entry of arrays) {
    it(`decodes ${entry.array}`, async () => {
      const f = v3Fixture(entry.array);
      const codecs = f.meta.codecs;
      const bytesCodec = codecs.find((c) => c.name === "bytes")!;
      const endian = (bytesCodec.configuration?.endian as "little" | "big" | undefined) ?? "little";
      const transpose = codecs.find((c) => c.name === "transpose");
      const blosc = codecs[codecs.length - 1]!;
      expect(blosc.name).toBe("blosc");
      const values = await assembleV3Array(f, async (bytes, chunkShape) => {
        const n = chunkShape.reduce((a, b) => a * b, 1);
        const itemsize = ITEMSIZE[f.meta.data_type]!;
        const chunkInfo = { dtype: "|u1", itemsize, shape: [...chunkShape], nbytes: n * itemsize };
        const codec = await getCodec(codecConfigFromV3(blosc, chunkInfo, "codecs"));
        const raw = (await codec.decode(bytes, undefined, chunkInfo)) as Uint8Array;
        const stored = rawValues(raw, f.meta.data_type, endian);
        expect(stored.length).toBe(n);
        if (!transpose) return stored;
        const order = transpose.configuration!.order as number[];
        return untranspose(stored, chunkShape, order);
      });
      expect(values).toEqual(entry.values);
    });
  }
});
