// Many writers of unaligned regions that share chunks, through a ThreadSynchronizer: every
// written value is there afterwards, and a reader running meanwhile only ever sees whole chunks.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { create, openArray, slice, ThreadSynchronizer, type ZarrArray } from "../src/index.js";
import { TestFsStore } from "./helpers/fs-store.js";
import { RecordingStore } from "./helpers/recording-store.js";
import { CHUNKS, checkSnapshot, rects, rectValues, SHAPE } from "@zarrkit/test-utils";
import { XorCodec } from "./helpers/test-codecs.js";
import { finished, ready, tsWorker } from "./helpers/ts-worker.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-concurrent-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A store whose reads and writes yield for a random moment, so read-modify-writes interleave.
 * Two of them over one map stand for two handles on one location, which the in-process
 * per-store write queue does not join: only a synchronizer orders their writers.
 */
class SlowStore extends RecordingStore {
  constructor(shared?: Map<string, Uint8Array>) {
    super();
    if (shared) (this as unknown as { map: Map<string, Uint8Array> }).map = shared;
  }
  override async get(key: string) {
    await new Promise((r) => setTimeout(r, Math.random() * 2));
    return super.get(key);
  }
  override async set(key: string, value: Uint8Array) {
    await new Promise((r) => setTimeout(r, Math.random() * 2));
    return super.set(key, value);
  }
}

/** Read the whole array over and over until `done` settles; return every problem seen. */
async function watch(
  z: ZarrArray,
  writers: number,
  rounds: number,
  done: Promise<unknown>,
): Promise<{ during: number; problems: string[] }> {
  let over = false;
  void done.finally(() => {
    over = true;
  });
  /** Snapshots taken while writes were under way: some values written, not all final. */
  let during = 0;
  const problems: string[] = [];
  while (!over) {
    const snap = (await z.get(null)).data as Int32Array;
    if (snap.some((v) => v !== 0) && snap.some((v) => v < rounds * 1_000_000)) during++;
    problems.push(...checkSnapshot(snap, writers));
    await new Promise((r) => setTimeout(r, 1));
  }
  return { during, problems };
}

async function writeAll(z: ZarrArray, writer: number, writers: number, rounds: number) {
  const mine = rects(writers).filter((r) => r.writer === writer);
  for (let round = 1; round <= rounds; round++)
    for (const r of mine)
      await z.set([slice(r.r0, r.r1), slice(r.c0, r.c1)], {
        data: rectValues(r, round),
        shape: [r.r1 - r.r0, r.c1 - r.c0],
      });
}

describe("concurrent unaligned writers", () => {
  it("many async tasks on two store handles through a ThreadSynchronizer lose nothing; a reader sees whole chunks", async () => {
    const writers = 10;
    const rounds = 3;
    const run = async (sync: ThreadSynchronizer | undefined) => {
      const store = new SlowStore();
      const z = await create([...SHAPE], {
        dtype: "i4",
        chunks: [...CHUNKS],
        compressor: new XorCodec(),
        store,
        ...(sync ? { synchronizer: sync } : {}),
      });
      const other = await openArray(new SlowStore(store.map), {
        mode: "r+",
        ...(sync ? { synchronizer: sync } : {}),
      });
      const writing = Promise.all(
        Array.from({ length: writers }, (_, w) => writeAll(w % 2 ? z : other, w, writers, rounds)),
      );
      const seen = await watch(z, writers, rounds, writing);
      await writing;
      return { seen, final: (await z.get(null)).data as Int32Array };
    };
    const { seen, final } = await run(new ThreadSynchronizer());
    expect(checkSnapshot(final, writers, rounds)).toEqual([]);
    // How many snapshots land while the writers run depends on scheduling: a bound.
    expect(seen.during).toBeGreaterThan(0);
    expect(seen.problems).toEqual([]);
    // The control: without the synchronizer, concurrent read-modify-writes lose updates.
    const without = await run(undefined);
    expect(checkSnapshot(without.final, writers, rounds)).not.toEqual([]);
  });

  it("several worker threads sharing a directory store and one lock table lose nothing", async () => {
    const writers = 3;
    const rounds = 6;
    const root = join(tmp, "threads.zarr");
    const store = new TestFsStore(root);
    const z = await create([...SHAPE], {
      dtype: "i4",
      chunks: [...CHUNKS],
      compressor: new XorCodec(),
      store,
    });
    const sync = new ThreadSynchronizer();
    const workers = Array.from({ length: writers }, (_, writer) =>
      tsWorker(new URL("./helpers/thread-writer.ts", import.meta.url), {
        root,
        buffer: sync.buffer,
        writer,
        writers,
        rounds,
      }),
    );
    const writing = Promise.all(workers.map(finished));
    await Promise.race([Promise.all(workers.map(ready)), writing]);
    for (const w of workers) w.postMessage("go");
    const reader = await openArray(new TestFsStore(root), { mode: "r" });
    const seen = await watch(reader, writers, rounds, writing);
    await writing;
    await Promise.all(workers.map((w) => w.terminate()));
    // How many snapshots land while the writers run depends on scheduling: a bound.
    expect(seen.during).toBeGreaterThan(0);
    expect(seen.problems).toEqual([]);
    expect(checkSnapshot((await z.get(null)).data as Int32Array, writers, rounds)).toEqual([]);
  });
});
