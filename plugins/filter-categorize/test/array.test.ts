import { MapStore } from "@zarrkit/codec-test-utils";
import { array, openArray } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { Categorize } from "../src/index.js";

describe("Categorize through core's pipeline", () => {
  it("stores a <U5 array as one byte per element and reads it back", async () => {
    const store = new MapStore();
    const labels = ["red", "green", "blue"];
    const data = Array.from({ length: 9 * 4 }, (_, i) => labels[i % 3]!);
    data[5] = "other"; // not a label: reads back as ""
    await array(
      { data, shape: [9, 4] },
      {
        store,
        dtype: "<U5",
        chunks: [4, 4],
        compressor: null,
        order: "F",
        filters: [new Categorize({ labels, dtype: "<U5" })],
      },
    );
    expect(store.data.get("0.0")!.length).toBe(16);
    const z = await openArray(store, { mode: "r" });
    expect(z.filters?.[0]).toBeInstanceOf(Categorize);
    const expected = data.map((s) => (s === "other" ? "" : s));
    expect((await z.get(null)).data).toEqual(expected);
  });
});
