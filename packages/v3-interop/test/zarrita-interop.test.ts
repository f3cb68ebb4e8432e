// Live interop with zarrita.js 0.7.5, both ways, on seeded random arrays: zarrita reads every
// kind of v3 array zarrkit writes (sharded ones included) and zarrkit reads what zarrita
// writes, values compared exactly with what the test itself generated. The seed is printed;
// ZARRKIT_V3_SEED=<n> reruns another set, ZARRKIT_V3_CASES=<n> changes how many.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as zarr from "zarrkit";
import {
  CaseGenerator,
  codecsOf,
  type RandomCase,
  randomCase,
  seedFromEnv,
  type V3Codec,
  type V3Name,
} from "./random-cases.js";
import { elementsOf } from "./v3-fixtures.js";
import {
  cStrides,
  zarrita,
  zarritaData,
  zarritaLocation,
  zarritaValues,
  zarrkitData,
} from "./zarrita.js";

const SEED = seedFromEnv();
const CASES = Number(process.env.ZARRKIT_V3_CASES ?? 40);
console.log(`zarrita interop: seed ${SEED} (ZARRKIT_V3_SEED), ${CASES} cases each way`);

const ALL_TYPES: V3Name[] = [
  "bool",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "float16",
  "float32",
  "float64",
  "string",
];

const root = mkdtempSync(join(tmpdir(), "zarrkit-v3-interop-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => mkdtempSync(join(root, `${dirs++}-`));

function compressorOption(c: RandomCase): zarr.CodecConfig | null {
  if (c.compressor === "blosc")
    return { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 };
  if (c.compressor === "zstd") return { id: "zstd", level: 3 };
  if (c.compressor === "gzip") return { id: "gzip", level: 1 };
  return null;
}

/** The codec names of a codec list, nested lists of sharding included. */
function codecNames(codecs: V3Codec[]): unknown[] {
  return codecs.map((c) =>
    c.name === "sharding_indexed"
      ? {
          sharding_indexed: codecNames(c.configuration!.codecs as V3Codec[]),
          index: codecNames(c.configuration!.index_codecs as V3Codec[]),
          at: c.configuration!.index_location ?? "end",
        }
      : c.name,
  );
}

async function writeWithZarrkit(c: RandomCase, dir: string): Promise<void> {
  const common = {
    zarrFormat: 3 as const,
    dtype: c.dtype,
    fillValue: c.fillValue,
    store: new zarr.DirectoryStore(dir),
    path: "a",
    ...(c.dimensionNames ? { dimensionNames: c.dimensionNames } : {}),
  };
  const z =
    c.style === "options"
      ? await zarr.create(c.shape, {
          ...common,
          chunks: c.chunks,
          ...(c.shards ? { shards: c.shards } : {}),
          order: c.transpose ? "F" : "C",
          compressor: compressorOption(c),
        })
      : await zarr.create(c.shape, {
          ...common,
          chunks: c.shards ?? c.chunks,
          codecs: codecsOf(c),
        });
  for (const w of c.writes) {
    const shape = w.stop.map((s, d) => s - w.start[d]!);
    await z.set(
      w.start.map((a, d) => zarr.slice(a, w.stop[d]!)),
      { data: zarrkitData(c.dtype, w.values), shape } as never,
    );
  }
}

describe(`zarrita.js 0.7.5 reads what zarrkit writes (seed ${SEED})`, () => {
  const g = new CaseGenerator(SEED);
  for (let i = 0; i < CASES; i++) {
    const c = randomCase(g, i, {
      dtypes: ALL_TYPES,
      compressors: ["none", "blosc", "zstd", "gzip"],
      sharding: true,
      crc32c: true,
      partialWrites: true,
    });
    it(c.label, async () => {
      const dir = freshDir();
      await writeWithZarrkit(c, dir);
      const meta = JSON.parse(readFileSync(join(dir, "a", "zarr.json"), "utf8"));
      expect(meta.zarr_format).toBe(3);
      expect(meta.node_type).toBe("array");
      expect(meta.chunk_grid.configuration.chunk_shape).toEqual(c.shards ?? c.chunks);
      expect(codecNames(meta.codecs)).toEqual(codecNames(codecsOf(c)));
      if (c.dimensionNames) expect(meta.dimension_names).toEqual(c.dimensionNames);
      const arr = await zarrita.open.v3(zarritaLocation(dir, "a"), { kind: "array" });
      expect(arr.shape).toEqual(c.shape);
      expect(arr.dtype).toBe(c.dtype);
      const all = await zarrita.get(arr);
      expect(zarritaValues(all as never)).toEqual(c.expected);
    });
  }
});

describe(`zarrkit reads what zarrita.js 0.7.5 writes (seed ${SEED + 1})`, () => {
  const g = new CaseGenerator(SEED + 1);
  for (let i = 0; i < CASES; i++) {
    // zarrita encodes neither vlen-utf8, gzip, crc32c nor shards.
    const c = randomCase(g, i, {
      dtypes: ALL_TYPES.filter((t) => t !== "string"),
      compressors: ["none", "blosc", "zstd"],
      sharding: false,
      crc32c: false,
      partialWrites: true,
    });
    it(c.label.replace(/, (options|codecs)$/, ""), async () => {
      const dir = freshDir();
      const arr = await zarrita.create(zarritaLocation(dir, "a"), {
        shape: c.shape,
        chunkShape: c.chunks,
        dtype: c.dtype,
        codecs: codecsOf(c),
        fillValue: (typeof c.fillValue === "bigint" ? Number(c.fillValue) : c.fillValue) as never,
        ...(c.dimensionNames ? { dimensionNames: c.dimensionNames as string[] } : {}),
      } as never);
      for (const w of c.writes) {
        const shape = w.stop.map((s, d) => s - w.start[d]!);
        await zarrita.set(
          arr as never,
          w.start.map((a, d) => zarrita.slice(a, w.stop[d]!)),
          { data: zarritaData(c.dtype, w.values), shape, stride: cStrides(shape) } as never,
        );
      }
      const z = await zarr.openArray(new zarr.DirectoryStore(dir), { mode: "r", path: "a" });
      expect(z.zarrFormat).toBe(3);
      expect(z.shape).toEqual(c.shape);
      expect(z.chunks).toEqual(c.chunks);
      expect(z.shards).toBeNull();
      if (c.dimensionNames) expect(z.dimensionNames).toEqual(c.dimensionNames);
      const all = (await z.get(null)) as zarr.NdArray;
      expect(elementsOf(all)).toEqual(c.expected);
    });
  }
});

describe("groups and attributes across the two", () => {
  it("zarrita opens a v3 group tree zarrkit made, with attributes", async () => {
    const dir = freshDir();
    const g = await zarr.openGroup(new zarr.DirectoryStore(dir), { mode: "w", zarrFormat: 3 });
    await g.attrs.put({ title: "tree", n: 3 });
    const sub = await g.createGroup("sub");
    await sub.attrs.set("units", "m");
    const zg = await zarrita.open.v3(zarritaLocation(dir, ""), { kind: "group" });
    expect(zg.attrs).toEqual({ title: "tree", n: 3 });
    const zs = await zarrita.open.v3(zarritaLocation(dir, "sub"), { kind: "group" });
    expect(zs.attrs).toEqual({ units: "m" });
  });

  it("zarrkit opens a v3 group zarrita made, with attributes", async () => {
    const dir = freshDir();
    await zarrita.create(zarritaLocation(dir, ""), { attributes: { made: "by zarrita" } });
    await zarrita.create(zarritaLocation(dir, "child"), { attributes: { depth: 1 } });
    const g = await zarr.openGroup(new zarr.DirectoryStore(dir), { mode: "r" });
    expect(g.attrs.toJSON()).toEqual({ made: "by zarrita" });
    expect(await g.groupKeys()).toEqual(["child"]);
    expect((await g.getGroup("child")).attrs.toJSON()).toEqual({ depth: 1 });
  });
});
