// The test's own spec checks (crc32c, the shard layout) proven on known answers and on the
// shards zarr-python 3.1 wrote, so that the zarrita round trips can rely on them.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crc32c } from "./crc32c.js";
import {
  checkShard,
  moveIndexToEnd,
  readShardIndex,
  type ShardingConfiguration,
} from "./shard-layout.js";
import { FIXTURES_V3, v3Manifest } from "./v3-fixtures.js";

describe("crc32c", () => {
  it("gives the published check values", () => {
    // RFC 3720 (iSCSI), B.4: the CRC-32C of "123456789" and of 32 zero bytes.
    expect(crc32c(new TextEncoder().encode("123456789"))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
  });
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const sharded = v3Manifest().filter((f) => f.codecs[0] === "sharding_indexed");

describe("the shard checks accept every shard zarr-python 3.1 wrote", () => {
  it("finds the sharded fixtures", () => {
    // The 15 arrays of data.zarr named "*.sharded.*".
    expect(sharded).toHaveLength(15);
  });
  for (const f of sharded) {
    it(f.array, () => {
      const dir = join(FIXTURES_V3, "data.zarr", f.array);
      const meta = JSON.parse(readFileSync(join(dir, "zarr.json"), "utf8"));
      const config = meta.codecs[0].configuration as ShardingConfiguration;
      const shardShape = meta.chunk_grid.configuration.chunk_shape as number[];
      const shards = files(join(dir, "c"));
      // zarr-python leaves out shards that hold only the fill value, so a bound.
      expect(shards.length).toBeGreaterThan(0);
      for (const file of shards) {
        const shard = new Uint8Array(readFileSync(file));
        const stored = checkShard(shard, shardShape, config);
        // A stored shard holds at least one inner chunk (how many varies by shard).
        expect(stored).toBeGreaterThan(0);
        // Moving the index to the start and back must give the same chunks.
        const start = { ...config, index_location: "start" as const };
        const atEnd = readShardIndex(shard, shardShape, config);
        const indexSize = atEnd.indexSize;
        const front = new Uint8Array(shard.length);
        front.set(shard.subarray(atEnd.indexStart), 0);
        front.set(shard.subarray(0, atEnd.indexStart), indexSize);
        const back = moveIndexToEnd(rewriteOffsets(front, atEnd, indexSize), shardShape, start);
        expect(back).toEqual(shard);
      }
    });
  }

  it("rejects a shard whose index checksum is wrong", () => {
    const f = sharded[0]!;
    const dir = join(FIXTURES_V3, "data.zarr", f.array);
    const meta = JSON.parse(readFileSync(join(dir, "zarr.json"), "utf8"));
    const shard = new Uint8Array(readFileSync(files(join(dir, "c"))[0]!));
    shard[shard.length - 5]! ^= 1;
    expect(() =>
      checkShard(shard, meta.chunk_grid.configuration.chunk_shape, meta.codecs[0].configuration),
    ).toThrow(/crc32c/);
  });
});

/** A start-indexed copy of an end-indexed shard, offsets and checksum made right. */
function rewriteOffsets(
  front: Uint8Array,
  atEnd: ReturnType<typeof readShardIndex>,
  indexSize: number,
): Uint8Array {
  const out = front.slice();
  const view = new DataView(out.buffer);
  atEnd.entries.forEach((e, i) => {
    if (!e) return;
    view.setBigUint64(16 * i, BigInt(e.offset + indexSize), true);
  });
  const n = atEnd.entries.length * 16;
  if (indexSize > n) view.setUint32(n, crc32c(out.subarray(0, n)), true);
  return out;
}
