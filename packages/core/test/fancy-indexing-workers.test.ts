// Fancy selections decode their chunks in the codec worker pool, as basic selection does.
import { describe, expect, it } from "vitest";
import { create, type NdArray } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";
import { XorCodec } from "./helpers/test-codecs.js";
import { useTestCodecWorkers } from "./helpers/test-workers.js";

useTestCodecWorkers();

describe("fancy selection through the worker pool", () => {
  it("reads and writes with every chunk coded in a worker, giving the obvious values", async () => {
    const z = await create([300, 700], {
      dtype: "<i4",
      chunks: [128, 512],
      compressor: new XorCodec(0x2c),
      store: new RecordingStore(),
    });
    await z.set(
      null,
      Int32Array.from({ length: 300 * 700 }, (_, i) => i),
    );
    const rows = [299, 0, 130, 130, 5];
    const cols = [699, 1, 512, 3];
    XorCodec.threads = [];
    const o = (await z.oindex.get([rows, cols])) as NdArray;
    expect([...(o.data as Int32Array)]).toEqual(rows.flatMap((r) => cols.map((c) => r * 700 + c)));
    const v = await z.vindex.get([rows, [699, 1, 512, 3, 600]]);
    expect([...(v.data as Int32Array)]).toEqual([209999, 1, 91512, 91003, 4100]);
    await z.vindex.set(
      [
        [299, 1],
        [0, 699],
      ],
      [-1, -2],
    );
    expect(XorCodec.threads).toEqual([]);
    expect([await z.get([299, 0]), await z.get([1, 699]), await z.get([1, 698])]).toEqual([
      -1, -2, 1398,
    ]);
  });
});
