import { describe, expect, it } from "vitest";
import { copy, copyAll, copyStore, create, group, openArray } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

/** A source group with two 1-D int32 arrays of 20 chunks each, values i and 1000 + i. */
async function source(): Promise<RecordingStore> {
  const store = new RecordingStore();
  await group({ store });
  for (const [name, base] of [
    ["a", 0],
    ["b", 1000],
  ] as const) {
    const z = await create([40], {
      store,
      path: name,
      chunks: [2],
      dtype: "<i4",
      compressor: null,
    });
    await z.set(
      null,
      Int32Array.from({ length: 40 }, (_, i) => base + i),
    );
  }
  return store;
}

const chunkKeys = (store: RecordingStore, path: string) =>
  [...store.map.keys()].filter(
    (k) => k.startsWith(`${path}/`) && !k.split("/").pop()!.startsWith("."),
  );

describe("copy functions stop on an AbortSignal", () => {
  it("copyAll stops after the chunks in flight, rejects with the reason, and leaves whole chunks", async () => {
    const src = await source();
    const dest = new RecordingStore();
    const controller = new AbortController();
    const reason = new Error("stopped by the test");
    const seen: string[] = [];
    let lastDone = 0;
    const run = copyAll(await group({ store: src }), await group({ store: dest }), {
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.path);
        lastDone = p.chunksDone;
        if (p.chunksDone === 5) controller.abort(reason);
      },
    });
    await expect(run).rejects.toBe(reason);
    const written = chunkKeys(dest, "a");
    // Abort at 5 done with 2 in flight: at most one more chunk finishes, nothing is started.
    expect(written.length).toBeGreaterThanOrEqual(5);
    expect(written.length).toBeLessThanOrEqual(6);
    // Progress counts every chunk written, the ones in flight at the abort included.
    expect(written.length).toBe(lastDone);
    expect(chunkKeys(dest, "b")).toEqual([]);
    expect(seen.every((p) => p === "a")).toBe(true);
    const copied = await openArray(dest, { path: "a", mode: "r" });
    for (const key of written) {
      const i = Number(key.split("/")[1]);
      const got = await copied.get(`${2 * i}:${2 * i + 2}`);
      expect(Array.from(got.data as Int32Array)).toEqual([2 * i, 2 * i + 1]);
    }
  });

  it("copy (one array) rejects at once with an already aborted signal and writes no chunk", async () => {
    const src = await source();
    const dest = new RecordingStore();
    const controller = new AbortController();
    controller.abort();
    const a = await openArray(src, { path: "a", mode: "r" });
    await expect(
      copy(a, await group({ store: dest }), { signal: controller.signal }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(chunkKeys(dest, "a")).toEqual([]);
  });

  it("copyStore stops before the next key, raw or converting to v3", async () => {
    for (const zarrFormat of [undefined, 3] as const) {
      const src = await source();
      const dest = new RecordingStore();
      const controller = new AbortController();
      let keys = 0;
      const counting = new Proxy(dest, {
        get(target, prop, receiver) {
          if (prop === "set")
            return async (key: string, value: Uint8Array) => {
              await target.set(key, value);
              if (++keys === 7) controller.abort();
            };
          return Reflect.get(target, prop, receiver);
        },
      });
      await expect(
        copyStore(src, counting, {
          signal: controller.signal,
          ...(zarrFormat ? { zarrFormat } : {}),
        }),
      ).rejects.toMatchObject({ name: "AbortError" });
      // Raw keys are copied one at a time; a conversion lets its (at most 4) chunks in flight finish.
      if (zarrFormat === undefined) expect(dest.map.size).toBe(7);
      else expect(dest.map.size).toBeLessThanOrEqual(7 + 3);
      expect(dest.map.size).toBeLessThan(src.map.size);
    }
  });
});
