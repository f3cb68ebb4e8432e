// vlen-utf8 and vlen-bytes in Zarr v3 (`{ name, configuration: {} }`, array->bytes codecs of
// the string and bytes types), vlen-array as numcodecs.vlen-array; and the vlen-utf8 chunks
// zarr-python 3.1 wrote (zstd-compressed: numcodecs 0.11 decompresses them for the test).
import { join } from "node:path";
import { type ChunkInfo, codecConfigFromV3, codecConfigToV3, getCodec } from "@zarrkit/core";
import {
  FIXTURES_V3,
  reference,
  tilingChunkKeys,
  v3Fixture,
  v3FixturesUsing,
} from "@zarrkit/codec-test-utils";
import { describe, expect, it } from "vitest";
import { VLenArray, VLenBytes, VLenUTF8 } from "../src/index.js";

const info = (n: number): ChunkInfo => ({ dtype: "|O", itemsize: 8, shape: [n] });

describe("vlen v3 configurations", () => {
  it("writes vlen-utf8 and vlen-bytes by name with an empty configuration", () => {
    expect(codecConfigToV3(new VLenUTF8().toConfig(), info(4))).toEqual({
      name: "vlen-utf8",
      configuration: {},
    });
    expect(codecConfigToV3(new VLenBytes().toConfig(), info(4))).toEqual({
      name: "vlen-bytes",
      configuration: {},
    });
  });

  it("reads them back, with or without the empty configuration", async () => {
    expect(codecConfigFromV3({ name: "vlen-utf8", configuration: {} }, info(4), "c")).toEqual({
      id: "vlen-utf8",
    });
    expect(codecConfigFromV3({ name: "vlen-bytes" }, info(4), "c")).toEqual({ id: "vlen-bytes" });
    expect(await getCodec(codecConfigFromV3("vlen-utf8", info(4), "c"))).toBeInstanceOf(VLenUTF8);
    expect(await getCodec(codecConfigFromV3("vlen-bytes", info(4), "c"))).toBeInstanceOf(VLenBytes);
  });

  it("refuses configuration keys vlen-utf8 does not take, naming them", async () => {
    const config = codecConfigFromV3(
      { name: "vlen-utf8", configuration: { encoding: "latin-1" } },
      info(4),
      "c",
    );
    await expect(getCodec(config)).rejects.toThrow('"encoding"');
  });

  it("writes vlen-array as numcodecs.vlen-array and keeps a NumPy dtype name as read", async () => {
    expect(codecConfigToV3(new VLenArray({ dtype: "<i4" }).toConfig(), info(4))).toEqual({
      name: "numcodecs.vlen-array",
      configuration: { dtype: "<i4" },
    });
    const read = { name: "numcodecs.vlen-array", configuration: { dtype: "int32" } };
    const config = codecConfigFromV3(read, info(2), "c");
    expect(config).toEqual({ id: "vlen-array", dtype: "int32" });
    expect(codecConfigToV3(config, info(2))).toEqual(read);
    const codec = await getCodec(config);
    const decoded = (await codec.decode(
      (await codec.encode([[1, 2], [3]], info(2))) as Uint8Array,
      undefined,
      info(2),
    )) as Int32Array[];
    expect(decoded.map((a) => [...a])).toEqual([[1, 2], [3]]);
    expect(decoded[0]).toBeInstanceOf(Int32Array);
  });
});

describe("zarr-python 3.1's vlen-utf8 chunks (fixtures/zarr-v3)", () => {
  const arrays = v3FixturesUsing("vlen-utf8");
  const chunks = arrays.flatMap((entry) => {
    const f = v3Fixture(entry.array);
    const n = f.meta.chunk_grid.configuration.chunk_shape.reduce((a, b) => a * b, 1);
    return tilingChunkKeys(f).map((key, i) => ({
      array: entry.array,
      key,
      n,
      zstd: f.meta.codecs[1]!,
      values: entry.values.slice(i * n, (i + 1) * n) as string[],
    }));
  });
  const ref = reference(
    [],
    [],
    chunks.map((c) => ({
      config: { id: "zstd", level: 1 },
      path: join(FIXTURES_V3, "data.zarr", c.array, ...c.key.split("/")),
    })),
  );

  it("covers the fixture arrays that use vlen-utf8", () => {
    expect(arrays.length).toBe(6);
    expect(chunks.every((c) => c.zstd.name === "zstd")).toBe(true);
  });

  chunks.forEach((c, i) => {
    it(`decodes ${c.array} ${c.key}, and encodes its values to the same bytes`, async () => {
      const codec = await getCodec(
        codecConfigFromV3(v3Fixture(c.array).meta.codecs[0]!, info(c.n), "codecs[0]"),
      );
      const bytes = ref.decompressed[i]!;
      expect(await codec.decode(bytes, undefined, info(c.n))).toEqual(c.values);
      expect(await codec.encode(c.values, info(c.n))).toEqual(bytes);
    });
  });
});
