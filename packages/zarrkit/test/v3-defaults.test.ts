// What zarrkit writes for a v3 array when no codecs are given, against what zarr-python 3.1
// writes: its vlen string arrays in /work/shared/fixtures/zarr-v3 (the project's copy when
// there is one), and its documented defaults (zstd level 0 without checksum; shards indexed at
// the end with bytes + crc32c).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";

const FIXTURES = [
  join(import.meta.dirname, "../../../fixtures/zarr-v3/data.zarr"),
  "/work/shared/fixtures/zarr-v3/data.zarr",
].find((p) => existsSync(p))!;

const doc = (store: zarr.Store, key: string) =>
  store.get(key).then((b) => JSON.parse(new TextDecoder().decode(b as Uint8Array)));

describe("v3 defaults are zarr-python 3's", () => {
  it("string arrays: vlen-utf8 then zstd, fill value the empty string", async () => {
    const py = JSON.parse(
      readFileSync(join(FIXTURES, "1d.chunked.string.vlen", "zarr.json"), "utf8"),
    );
    const store = new zarr.MemoryStore();
    const z = await zarr.create([4], { store, chunks: [2], dtype: "string", zarrFormat: 3 });
    const ours = await doc(store, "zarr.json");
    expect(ours.codecs).toEqual(py.codecs);
    expect(ours.data_type).toBe(py.data_type);
    expect(ours.fill_value).toBe(py.fill_value);
    await z.set(null, ["a", "ü", "", "🚀"]);
    expect((await z.get(null)).data).toEqual(["a", "ü", "", "🚀"]);
  });

  it("numeric arrays: bytes (little-endian) then zstd level 0 without checksum", async () => {
    const store = new zarr.MemoryStore();
    await zarr.create([4], { store, chunks: [2], dtype: "int32", zarrFormat: 3 });
    expect((await doc(store, "zarr.json")).codecs).toEqual([
      { name: "bytes", configuration: { endian: "little" } },
      { name: "zstd", configuration: { level: 0, checksum: false } },
    ]);
  });

  it("sharded arrays: the codecs go inside the shard, indexed at the end", async () => {
    const store = new zarr.MemoryStore();
    const z = await zarr.create([8, 8], {
      store,
      chunks: [2, 2],
      shards: [4, 8],
      dtype: "float64",
      zarrFormat: 3,
    });
    const meta = await doc(store, "zarr.json");
    expect(meta.chunk_grid.configuration.chunk_shape).toEqual([4, 8]);
    expect(meta.codecs).toEqual([
      {
        name: "sharding_indexed",
        configuration: {
          chunk_shape: [2, 2],
          codecs: [
            { name: "bytes", configuration: { endian: "little" } },
            { name: "zstd", configuration: { level: 0, checksum: false } },
          ],
          index_codecs: [
            { name: "bytes", configuration: { endian: "little" } },
            { name: "crc32c" },
          ],
          index_location: "end",
        },
      },
    ]);
    expect(z.chunks).toEqual([2, 2]);
    expect(z.shards).toEqual([4, 8]);
    await z.set("1:7, 3", 2.5);
    const col = (await z.get([null, 3])) as zarr.NdArray;
    expect([...col.data]).toEqual([0, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 0]);
    // Both shards hold data; an empty one would not be stored.
    expect((await store.list()).filter((k) => k.startsWith("c/")).sort()).toEqual([
      "c/0/0",
      "c/1/0",
    ]);
  });
});
