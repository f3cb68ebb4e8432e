// Every sharded array that zarr-python 3.1 wrote into the v3 fixture store, decoded shard by
// shard with the sharding codec alone (the metadata is parsed by hand here, so this test does
// not depend on the v3 array reader), whole and through partial reads, against the values
// zarrita.js read (MANIFEST.json).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";

const ROOT = "/work/shared/fixtures/zarr-v3";
const STORE = join(ROOT, "data.zarr");

interface Fixture {
  store: string;
  array: string;
  data_type: string;
  shape: number[];
  codecs: string[];
  values: unknown[];
}

const manifest = JSON.parse(readFileSync(join(ROOT, "MANIFEST.json"), "utf8")) as {
  fixtures: Fixture[];
};
const sharded = manifest.fixtures.filter(
  (f) => f.store === "data.zarr" && f.codecs.includes("sharding_indexed"),
);

/** A file-backed store over the fixture directory, with range reads. */
class FixtureStore implements zarr.Store {
  readonly reads: string[] = [];
  async get(key: string): Promise<Uint8Array | undefined> {
    this.reads.push(key);
    const path = join(STORE, key);
    return existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
  }
  async getRange(
    key: string,
    range: { offset: number; length?: number } | { suffixLength: number },
  ): Promise<Uint8Array | undefined> {
    this.reads.push(key);
    const path = join(STORE, key);
    if (!existsSync(path)) return undefined;
    const all = new Uint8Array(readFileSync(path));
    if ("suffixLength" in range) return all.subarray(all.byteLength - range.suffixLength);
    return all.subarray(
      range.offset,
      range.length === undefined ? undefined : range.offset + range.length,
    );
  }
  async set(): Promise<void> {
    throw new Error("read-only fixture");
  }
  async delete(): Promise<boolean> {
    return false;
  }
  async list(): Promise<string[]> {
    return [];
  }
  toString(): string {
    return "FixtureStore";
  }
}

const V3_TYPES: Record<string, string> = {
  bool: "|b1",
  uint8: "|u1",
  int16: "<i2",
  int32: "<i4",
  float32: "<f4",
  float64: "<f8",
};

function cStrides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) out[d] = out[d + 1]! * shape[d + 1]!;
  return out;
}

/** Every index of a grid, in C order. */
function* grid(shape: readonly number[]): Generator<number[]> {
  const idx = new Array<number>(shape.length).fill(0);
  if (shape.some((n) => n === 0)) return;
  for (;;) {
    yield [...idx];
    let d = shape.length - 1;
    for (; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

async function setup(f: Fixture) {
  const meta = JSON.parse(readFileSync(join(STORE, f.array, "zarr.json"), "utf8"));
  const [entry] = meta.codecs;
  const shardShape = meta.chunk_grid.configuration.chunk_shape as number[];
  const dataType = zarr.parseDataType(V3_TYPES[meta.data_type as string]!);
  const info: zarr.ChunkInfo = {
    dtype: dataType.str,
    itemsize: dataType.itemsize,
    shape: shardShape,
    dataType,
    fillValue: meta.fill_value,
  };
  const config = zarr.codecConfigFromV3(entry, info, `${f.array} codecs[0]`);
  const codec = (await zarr.getCodec(config)) as zarr.ShardingCodec;
  const sep = meta.chunk_key_encoding.configuration?.separator ?? "/";
  const shards = (meta.shape as number[]).map((n, d) => Math.ceil(n / shardShape[d]!));
  const keyOf = (c: number[]) => `${f.array}/c${sep}${c.join(sep)}`;
  return { meta, codec, info, shardShape, shards, keyOf, dataType };
}

/** Element `i` of decoded data as the manifest writes it (booleans for bool). */
function asValue(dataType: zarr.DataType, data: ArrayLike<unknown>, i: number): unknown {
  return dataType.kind === "b" ? data[i] !== 0 : data[i];
}

describe("zarr-python 3 sharded fixtures", () => {
  it("has the sharded arrays the manifest lists", () => {
    expect(sharded.length).toBe(15);
  });

  it.each(sharded.map((f) => [f.array, f] as const))(
    "%s decodes shard by shard to the manifest's values",
    async (_name, f) => {
      const { meta, codec, info, shardShape, shards, keyOf, dataType } = await setup(f);
      const shape = meta.shape as number[];
      const strides = cStrides(shape);
      const shardStrides = cStrides(shardShape);
      const out = new Array<unknown>(f.values.length).fill(undefined);
      const store = new FixtureStore();
      for (const s of grid(shards)) {
        const raw = await store.get(keyOf(s));
        const data =
          raw === undefined
            ? undefined
            : ((await codec.decode(raw, undefined, info)) as ArrayLike<unknown>);
        for (const local of grid(shardShape)) {
          const g = local.map((l, d) => s[d]! * shardShape[d]! + l);
          if (g.some((x, d) => x >= shape[d]!)) continue;
          const at = g.reduce((a, x, d) => a + x * strides[d]!, 0);
          if (data === undefined) {
            out[at] = meta.fill_value;
            continue;
          }
          const li = local.reduce((a, x, d) => a + x * shardStrides[d]!, 0);
          out[at] = asValue(dataType, data, li);
        }
      }
      expect(out).toEqual(f.values);
    },
  );

  it.each(sharded.map((f) => [f.array, f] as const))(
    "%s reads each inner chunk through openShard as the whole-shard decode has it",
    async (_name, f) => {
      const { meta, codec, info, shardShape, shards, keyOf } = await setup(f);
      const inner = codec.innerChunkShape;
      const perShard = shardShape.map((n, d) => n / inner[d]!);
      const store = new FixtureStore();
      for (const s of grid(shards)) {
        const raw = await store.get(keyOf(s));
        const reader = await codec.openShard(store, keyOf(s), info);
        if (raw === undefined) {
          expect(reader).toBeUndefined();
          continue;
        }
        const whole = (await codec.decode(raw, undefined, info)) as ArrayLike<unknown>;
        const coords = [...grid(perShard)];
        const chunks = await reader!.readChunks(coords);
        const wholeStrides = cStrides(shardShape);
        coords.forEach((c, k) => {
          const chunk = chunks[k] as ArrayLike<unknown> | undefined;
          for (const local of grid(inner)) {
            const at = local.reduce((a, x, d) => a + (c[d]! * inner[d]! + x) * wholeStrides[d]!, 0);
            const li = local.reduce((a, x, d) => a + x * cStrides(inner)[d]!, 0);
            const expected = whole[at];
            // An inner chunk that is not stored reads as undefined: it holds the fill value.
            if (chunk === undefined) expect(Number(expected)).toBe(Number(meta.fill_value));
            else expect(chunk[li]).toEqual(expected);
          }
        });
      }
    },
  );
});
