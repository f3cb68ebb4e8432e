// GZip's Zarr v3 form (`gzip`, `{ level }`), Zlib's (`numcodecs.zlib`), and the gzip chunks
// zarr-python 3.1 wrote, plain and inside shards, decoded by hand from the fixture files.
import { type ChunkInfo, codecConfigFromV3, codecConfigToV3, getCodec } from "@zarrkit/core";
import {
  assembleV3Array,
  rawValues,
  shardAsFixture,
  v3Fixture,
  v3FixtureManifest,
} from "@zarrkit/codec-test-utils";
import { describe, expect, it } from "vitest";
import { GZip, Zlib } from "../src/index.js";

const info: ChunkInfo = { dtype: "<i2", itemsize: 2, shape: [4] };

describe("gzip and zlib v3 configurations", () => {
  it("writes GZip as gzip with its level, and reads it back", () => {
    const v3 = codecConfigToV3(new GZip({ level: 5 }).toConfig(), info);
    expect(v3).toEqual({ name: "gzip", configuration: { level: 5 } });
    expect(codecConfigFromV3(v3, info, "codecs[1]")).toEqual({ id: "gzip", level: 5 });
  });

  it("writes zlib's default level -1 as the 6 it stands for (v3 allows 0 to 9)", () => {
    expect(codecConfigToV3(new GZip({ level: -1 }).toConfig(), info)).toEqual({
      name: "gzip",
      configuration: { level: 6 },
    });
  });

  it("refuses a gzip configuration outside the v3 spec, naming the field", () => {
    const from = (configuration: Record<string, unknown>) => () =>
      codecConfigFromV3({ name: "gzip", configuration }, info, "codecs[1]");
    expect(from({ level: 10 })).toThrow(
      'codecs[1]: codec "gzip": gzip: v3 "level" must be an integer from 0 to 9, got 10',
    );
    expect(from({ level: -1 })).toThrow('v3 "level" must be an integer from 0 to 9, got -1');
    expect(from({})).toThrow('v3 "level" must be an integer from 0 to 9, got undefined');
    expect(from({ level: 1, mtime: 0 })).toThrow('unknown v3 configuration key "mtime"');
  });

  it("writes Zlib as numcodecs.zlib (no v3 name) and reads it back", async () => {
    const v3 = codecConfigToV3(new Zlib({ level: 3 }).toConfig(), info);
    expect(v3).toEqual({ name: "numcodecs.zlib", configuration: { level: 3 } });
    const config = codecConfigFromV3(v3, info, "codecs[1]");
    expect(config).toEqual({ id: "zlib", level: 3 });
    expect(await getCodec(config)).toBeInstanceOf(Zlib);
  });
});

describe("zarr-python 3.1's gzip chunks (fixtures/zarr-v3)", () => {
  it("decodes 1d.contiguous.gzip.i2", async () => {
    const f = v3Fixture("1d.contiguous.gzip.i2");
    const gzip = f.meta.codecs[1]!;
    expect(gzip).toEqual({ name: "gzip", configuration: { level: 5 } });
    const codec = await getCodec(codecConfigFromV3(gzip, info, "codecs[1]"));
    const raw = (await codec.decode(f.chunk("c/0")!, undefined, {
      ...info,
      nbytes: 8,
    })) as Uint8Array;
    expect(rawValues(raw, "int16")).toEqual(f.entry.values);
  });

  // Every sharded fixture compresses its inner chunks with gzip.
  const sharded = v3FixtureManifest().filter((e) => e.codecs.includes("sharding_indexed"));

  it("finds the sharded fixtures", () => {
    expect(sharded.length).toBe(15);
  });

  for (const entry of sharded) {
    it(`decodes the inner chunks of ${entry.array}`, async () => {
      const f = v3Fixture(entry.array);
      const sharding = f.meta.codecs[0]!.configuration as {
        chunk_shape: number[];
        codecs: { name: string; configuration?: Record<string, unknown> }[];
      };
      const [bytesCodec, gzip] = sharding.codecs;
      expect(bytesCodec!.name).toBe("bytes");
      expect(gzip!.name).toBe("gzip");
      const codec = await getCodec(codecConfigFromV3(gzip!, info, "sharding codecs[1]"));
      const fill = f.meta.fill_value;
      const values = await assembleV3Array(
        f,
        (shard, shardShape) =>
          assembleV3Array(
            shardAsFixture(shard, shardShape, sharding.chunk_shape),
            async (inner) => rawValues((await codec.decode(inner)) as Uint8Array, f.meta.data_type),
            fill,
          ),
        fill,
      );
      expect(values).toEqual(entry.values);
    });
  }
});
