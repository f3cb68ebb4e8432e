// Store I/O of one array operation is concurrent but bounded, and an AbortSignal stops it.
import { describe, expect, it } from "vitest";
import { create } from "../src/index.js";
import { InFlightStore } from "./helpers/in-flight-store.js";

describe("bounded store I/O", () => {
  it("keeps at most `concurrency` chunk reads and writes in flight (16 by default)", async () => {
    const store = new InFlightStore();
    const z = await create([200], { dtype: "i4", chunks: [2], compressor: null, store });
    await z.set(null, 5);
    expect(store.max).toBe(16);
    store.max = 0;
    await z.set(null, 6, { concurrency: 3 });
    expect(store.max).toBe(3);
    store.max = 0;
    expect(Array.from((await z.get(null, { concurrency: 4 })).data as Int32Array)).toEqual(
      new Array(200).fill(6),
    );
    expect(store.max).toBe(4);
    store.max = 0;
    await z.get(null);
    expect(store.max).toBe(16);
  });

  it("stops a write between chunks when the signal aborts; written chunks stay whole", async () => {
    const store = new InFlightStore();
    const z = await create([400], { dtype: "i4", chunks: [4], compressor: null, store });
    const ctl = new AbortController();
    const p = z.set(null, 9, { signal: ctl.signal, concurrency: 2 });
    setTimeout(() => ctl.abort(new Error("stop writing")), 10);
    await expect(p).rejects.toThrow("stop writing");
    const written = store.writes.filter((k) => !k.startsWith("."));
    // How many of the 100 chunks were written before the abort depends on timing: bounds.
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(100);
    // Every chunk is either untouched (fill value 0) or entirely written.
    const data = (await z.get(null)).data as Int32Array;
    for (let c = 0; c < 100; c++) {
      const chunk = Array.from(data.subarray(c * 4, c * 4 + 4));
      expect([0, 9]).toContain(chunk[0]);
      expect(new Set(chunk).size).toBe(1);
    }
  });

  it("an already aborted signal reads and writes nothing", async () => {
    const store = new InFlightStore();
    const z = await create([10], { dtype: "i4", chunks: [2], compressor: null, store });
    store.reset();
    const signal = AbortSignal.abort(new Error("too late"));
    await expect(z.set(null, 1, { signal })).rejects.toThrow("too late");
    await expect(z.get(null, { signal })).rejects.toThrow("too late");
    expect(store.writes).toEqual([]);
    expect(store.chunkReads()).toEqual([]);
  });
});
