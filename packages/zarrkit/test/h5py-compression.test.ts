import { describe, expect, it } from "vitest";
import { codecFirstParameter, group, MemoryStore, ZarrError } from "../src/index.js";

describe("h5py's compression_opts as one value", () => {
  it("goes to the parameter each compressor plugin declares first", async () => {
    const g = await group({ store: new MemoryStore() });
    const cases: [string, unknown, string][] = [
      ["gzip", 1, "level"],
      ["zlib", 9, "level"],
      ["bz2", 5, "level"],
      ["zstd", 3, "level"],
      ["lz4", 7, "acceleration"],
      ["blosc", "zstd", "cname"],
    ];
    for (const [id, value, key] of cases) {
      expect(codecFirstParameter(id), id).toBe(key);
      const a = await g.createDataset(`d_${id}`, {
        shape: 10,
        chunks: 5,
        dtype: "i4",
        compression: id as "gzip",
        compressionOpts: value,
      });
      expect(a.compressor?.toConfig()[key], id).toBe(value);
    }
  });

  it("is refused for a codec that declares no first parameter, naming it", async () => {
    const g = await group({ store: new MemoryStore() });
    const err = await g
      .createDataset("d", {
        shape: 10,
        dtype: "u1",
        compression: "packbits" as "gzip",
        compressionOpts: 1,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZarrError);
    expect(String(err)).toMatch(/compression "packbits": pass compressionOpts as an object/);
  });
});
