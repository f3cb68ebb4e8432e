import { describe, expect, it } from "vitest";
import { slice, zeros, full, array, NdArray } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

describe("smoke", () => {
  it("writes and reads", async () => {
    const store = new RecordingStore();
    const z = await zeros([10, 10], { chunks: [3, 4], dtype: "i4", store, compressor: null });
    expect(z.toString()).toBe("Array((10, 10), int32, chunks=(3, 4), order=C)");
    await z.set([slice(2, 7), slice(1, 9, 2)], 5);
    const a = await z.get(null);
    expect(a.data).toBeInstanceOf(Int32Array);
    const row = await z.get([3, null]);
    expect(Array.from(row.data)).toEqual([0, 5, 0, 5, 0, 5, 0, 5, 0, 0]);
    expect(await z.get([3, 3])).toBe(5);
    expect(await z.get([-7, -7])).toBe(5);
    console.log(await z.info());
  });
});
