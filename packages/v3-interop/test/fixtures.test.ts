// Every array of the zarr-python 3.1 fixtures (fixtures/zarr-v3) read exactly, from the
// directory and from each zipped copy; groups, attributes and inline consolidated metadata.
import { readTree } from "@zarrkit/test-utils";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as zarr from "zarrkit";
import {
  DATA_CLASS,
  elementsOf,
  FIXTURES_V3,
  V3_SOURCES,
  v3DataTypeName,
  v3Manifest,
} from "./v3-fixtures.js";

const manifest = v3Manifest();
const ROOT = join(FIXTURES_V3, "data.zarr");

interface ZarrJson {
  chunk_grid: { configuration: { chunk_shape: number[] } };
  codecs: { name: string; configuration?: { chunk_shape?: number[] } }[];
  dimension_names?: (string | null)[];
}

/** The array's own zarr.json as zarr-python wrote it: where the expected grid comes from. */
function zarrJson(array: string): ZarrJson {
  return JSON.parse(readFileSync(join(ROOT, ...array.split("/"), "zarr.json"), "utf8"));
}

function openStore(file: string): zarr.Store {
  const path = join(FIXTURES_V3, file);
  return file.endsWith(".zip")
    ? new zarr.ZipStore(path, { mode: "r" })
    : new zarr.DirectoryStore(path);
}

it("the manifest lists the 45 arrays of the hierarchy", () => {
  expect(manifest).toHaveLength(45);
  expect(new Set(manifest.map((f) => f.array)).size).toBe(45);
});

for (const source of V3_SOURCES) {
  describe(`zarr-python 3.1 fixtures from ${source.name} (${source.file})`, () => {
    let store: zarr.Store;
    beforeAll(() => {
      store = openStore(source.file);
    });
    afterAll(async () => {
      await (store as { close?: () => Promise<void> }).close?.();
    });

    for (const f of manifest) {
      it(`${f.array} (${f.data_type}, ${f.codecs.join(" + ")})`, async () => {
        const z = await zarr.openArray(store, { mode: "r", path: source.prefix + f.array });
        expect(z.zarrFormat).toBe(3);
        expect(z.shape).toEqual(f.shape);
        expect(v3DataTypeName(z.dtype)).toBe(f.data_type);
        const meta = zarrJson(f.array);
        const sharding = meta.codecs.find((c) => c.name === "sharding_indexed");
        if (sharding) {
          expect(z.shards).toEqual(meta.chunk_grid.configuration.chunk_shape);
          expect(z.chunks).toEqual(sharding.configuration!.chunk_shape);
        } else {
          expect(z.shards).toBeNull();
          expect(z.chunks).toEqual(meta.chunk_grid.configuration.chunk_shape);
        }
        const all = (await z.get(null)) as zarr.NdArray;
        expect(all.shape).toEqual(f.shape);
        expect((all.data as object).constructor.name).toBe(DATA_CLASS[f.data_type]);
        expect(elementsOf(all)).toEqual(f.values);
      });
    }

    it("the root group lists its 42 arrays and 2 groups", async () => {
      const root = await zarr.openGroup(store, { mode: "r", path: source.prefix });
      const topArrays = manifest.filter((f) => !f.array.includes("/")).map((f) => f.array);
      expect((await root.arrayKeys()).sort()).toEqual(topArrays.sort());
      expect((await root.groupKeys()).sort()).toEqual(["consolidated", "my group with spaces"]);
      expect(root.attrs.toJSON()).toEqual({});
    });

    it('"my group with spaces" opens with its attributes', async () => {
      const g = await zarr.open(store, { mode: "r", path: `${source.prefix}my group with spaces` });
      expect(g).toBeInstanceOf(zarr.Group);
      expect((g as zarr.Group).attrs.toJSON()).toEqual({
        description: "A group with spaces in the name",
      });
      expect(await (g as zarr.Group).keys()).toEqual([]);
    });

    it("open() finds the v3 format of an array and a slice reads the same values", async () => {
      const f = manifest.find((x) => x.array === "3d.chunked.mixed.compressed.sharded.i2")!;
      const z = await zarr.open(store, { mode: "r", path: source.prefix + f.array });
      expect(z).toBeInstanceOf(zarr.ZarrArray);
      const a = z as zarr.ZarrArray;
      expect(a.zarrFormat).toBe(3);
      // [1, :, 2] of a C-ordered 3 x 3 x 3 array: flat indices 9 + 3j + 2.
      const part = (await a.get([1, zarr.slice(null), 2])) as zarr.NdArray;
      expect(elementsOf(part)).toEqual([0, 1, 2].map((j) => f.values[9 + 3 * j + 2]));
    });
  });
}

describe("inline consolidated metadata (zarr-python 3 writes it into the group's zarr.json)", () => {
  // Only the consolidated group's own zarr.json is kept: every member must come from it.
  const dir = join(ROOT, "consolidated");
  let store: zarr.MemoryStore;
  beforeAll(async () => {
    store = new zarr.MemoryStore();
    for (const [k, v] of readTree(dir))
      if (k === "zarr.json" || !k.endsWith("zarr.json")) await store.set(k, v);
  });

  it("the consolidated group lists and opens its members without their zarr.json", async () => {
    const g = (await zarr.openConsolidated(store, { mode: "r" })) as zarr.Group;
    expect(g).toBeInstanceOf(zarr.Group);
    expect(g.attrs.toJSON()).toEqual({ answer: 42 });
    expect((await g.arrayKeys()).sort()).toEqual(["1d.chunked.i2", "2d.contiguous.i2"]);
    expect(await g.groupKeys()).toEqual(["nested"]);
    const nested = await g.getGroup("nested");
    expect(nested.attrs.toJSON()).toEqual({ description: "A nested group" });
    for (const f of manifest.filter((x) => x.array.startsWith("consolidated/"))) {
      const z = (await g.get(f.array.slice("consolidated/".length))) as zarr.ZarrArray;
      expect(z.zarrFormat).toBe(3);
      expect(z.shape).toEqual(f.shape);
      expect(elementsOf((await z.get(null)) as zarr.NdArray)).toEqual(f.values);
    }
  });

  it("without consolidation the same store has no member metadata to open", async () => {
    const g = await zarr.openGroup(store, { mode: "r" });
    await expect(g.getArray("1d.chunked.i2")).rejects.toThrow(zarr.ZarrError);
  });
});
