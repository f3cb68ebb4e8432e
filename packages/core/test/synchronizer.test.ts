import { describe, expect, it } from "vitest";
import { create, openArray, slice, ThreadSynchronizer } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

/**
 * A store whose reads and writes yield to the event loop, so unsynchronized updates interleave.
 * Two of them over one map stand for two handles on one location (two threads or processes):
 * the in-process per-store write queue does not join them, a synchronizer must.
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

async function writeStripes(sync: ThreadSynchronizer | undefined): Promise<Int32Array> {
  const store = new SlowStore();
  const z = await create([40], {
    dtype: "i4",
    chunks: [10],
    compressor: null,
    store,
    ...(sync ? { synchronizer: sync } : {}),
  });
  const other = await openArray(new SlowStore(store.map), {
    mode: "r+",
    ...(sync ? { synchronizer: sync } : {}),
  });
  // 40 single-element writes, alternating between the two handles, all at once: every chunk is
  // updated by ten concurrent read-modify-write cycles.
  await Promise.all(
    Array.from({ length: 40 }, (_, i) => (i % 2 ? z : other).set([slice(i, i + 1)], i + 1)),
  );
  return (await z.get(null)).data as Int32Array;
}

describe("ThreadSynchronizer", () => {
  it("makes concurrent unaligned writes through two store handles safe (and they are not safe without it)", async () => {
    const expected = Array.from({ length: 40 }, (_, i) => i + 1);
    const withSync = await writeStripes(new ThreadSynchronizer());
    expect(Array.from(withSync)).toEqual(expected);
    const without = await writeStripes(undefined);
    expect(Array.from(without)).not.toEqual(expected);
  });

  it("shares its lock table through the buffer", async () => {
    const a = new ThreadSynchronizer(8);
    const b = ThreadSynchronizer.fromBuffer(a.buffer);
    const order: string[] = [];
    const release = await a.acquire("x/0.0");
    const waiting = b.acquire("x/0.0").then((r) => {
      order.push("b");
      return r;
    });
    await new Promise((r) => setTimeout(r, 10));
    order.push("a-release");
    release();
    (await waiting)();
    expect(order).toEqual(["a-release", "b"]);
    expect(String(a)).toBe("ThreadSynchronizer");
  });
});

describe("cancellation", () => {
  it("stops a read between chunks when the signal aborts", async () => {
    const store = new SlowStore();
    const z = await create([100], { dtype: "i4", chunks: [1], compressor: null, store });
    await z.set(null, 1);
    store.reset();
    const ctl = new AbortController();
    const p = z.get(null, { signal: ctl.signal, concurrency: 2 });
    setTimeout(() => ctl.abort(new Error("stop")), 5);
    await expect(p).rejects.toThrow("stop");
    // How many of the 100 chunks were read before the abort depends on timing: a bound.
    expect(store.chunkReads().length).toBeLessThan(100);
  });
});
