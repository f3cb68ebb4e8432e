// The per-(store, key) write queue: FIFO per key, independent across keys and stores, and a
// failed writer releases the key for the next one.
import { describe, expect, it } from "vitest";
import { create, slice, withKeyLock } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("withKeyLock", () => {
  it("runs writers of one key one at a time, in call order", async () => {
    const store = new RecordingStore();
    const log: string[] = [];
    await Promise.all(
      [3, 1, 2].map((delay, i) =>
        withKeyLock(store, "0.0", async () => {
          log.push(`start ${i}`);
          for (let t = 0; t < delay; t++) await tick();
          log.push(`end ${i}`);
        }),
      ),
    );
    expect(log).toEqual(["start 0", "end 0", "start 1", "end 1", "start 2", "end 2"]);
  });

  it("does not order different keys or different stores", async () => {
    const a = new RecordingStore();
    const b = new RecordingStore();
    const log: string[] = [];
    const slow = (store: RecordingStore, key: string, name: string) =>
      withKeyLock(store, key, async () => {
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
      });
    await Promise.all([slow(a, "0", "a0"), slow(a, "1", "a1"), slow(b, "0", "b0")]);
    expect(log.slice(0, 3)).toEqual(["start a0", "start a1", "start b0"]);
  });

  it("lets the next writer run after one fails, and passes the failure to its caller", async () => {
    const store = new RecordingStore();
    const failing = withKeyLock(store, "k", async () => {
      await tick();
      throw new Error("boom");
    });
    const next = withKeyLock(store, "k", async () => "ran");
    await expect(failing).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ran");
  });

  it("a failing chunk write leaves the chunk as it was and does not block later writes", async () => {
    const store = new RecordingStore();
    const z = await create([10], { chunks: [10], dtype: "<i4", compressor: null, store });
    await z.set(null, 7);
    // Only the first write of chunk "0" fails: the queue runs the failing set first.
    let failures = 0;
    store.failOn = (k) => k === "0" && failures++ === 0;
    const bad = z.set([slice(0, 2)], 1);
    const good = z.set([slice(2, 4)], 2);
    const [b, g] = await Promise.allSettled([bad, good]);
    expect(b.status).toBe("rejected");
    expect(g.status).toBe("fulfilled");
    expect(Array.from((await z.get()).data)).toEqual([7, 7, 2, 2, 7, 7, 7, 7, 7, 7]);
  });
});
