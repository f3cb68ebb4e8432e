// Reads into a caller's buffer (`get(sel, { out })`, zarr-python's `get_basic_selection(out=)`):
// every selection kind gives what a fresh read gives, into the very buffer passed; wrong
// outputs are refused before anything is read; shared outputs are filled by the workers.
import { describe, expect, it } from "vitest";
import { create, IndexError, NdArray, slice, ZarrError } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";
import { XorCodec } from "./helpers/test-codecs.js";
import { useTestCodecWorkers } from "./helpers/test-workers.js";

useTestCodecWorkers();

const ramp = (n: number) => Float64Array.from({ length: n }, (_, i) => i * 0.5 - 7);

async function filled(opts: { order?: "C" | "F"; fillValue?: number | null } = {}) {
  const z = await create([23, 17], {
    dtype: "<f8",
    chunks: [5, 4],
    store: new RecordingStore(),
    ...opts,
  });
  await z.set(null, ramp(23 * 17));
  return z;
}

/** A buffer of `n` elements that holds something else than any read gives. */
const junk = (n: number) => new Float64Array(n).fill(-12345.25);

describe("get(selection, { out })", () => {
  it("reads every selection kind into the caller's NdArray, as a fresh read gives it", async () => {
    for (const order of ["C", "F"] as const) {
      const z = await filled({ order });
      const mask = Array.from({ length: 23 }, (_, i) =>
        Array.from({ length: 17 }, (_, j) => (i * 3 + j) % 5 === 0),
      );
      const reads: [string, (o?: { out: NdArray }) => Promise<unknown>][] = [
        ["basic", (o) => z.get([slice(2, 21, 3), slice(1, 16)], o)],
        ["whole", (o) => z.get(null, o)],
        ["one chunk", (o) => z.get([slice(5, 10), slice(4, 8)], o)],
        ["row", (o) => z.get([7, null], o)],
        ["orthogonal", (o) => z.getOrthogonalSelection([[20, 1, 5], slice(0, 17, 4)], o)],
        ["oindex", (o) => z.oindex.get([null, [16, 0, 3]], o)],
        [
          "coordinate",
          (o) =>
            z.getCoordinateSelection(
              [
                [0, 22, 5, 5],
                [16, 0, 3, 2],
              ],
              o,
            ),
        ],
        ["mask", (o) => z.getMaskSelection(mask, o)],
        ["block", (o) => z.getBlockSelection([slice(1, 3), 4], o)],
        ["blocks", (o) => z.blocks.get([4, slice(0, 2)], o)],
      ];
      for (const [name, read] of reads) {
        const fresh = (await read()) as NdArray;
        const out = new NdArray(junk(fresh.size), fresh.shape, "<f8");
        const got = await read({ out });
        expect(got, `${order} ${name}`).toBe(out);
        expect(Array.from(out.data as Float64Array), `${order} ${name}`).toEqual(
          Array.from(fresh.data as Float64Array),
        );
      }
    }
  });

  it("takes a bare typed array and returns an NdArray over that very array", async () => {
    const z = await filled();
    const buf = junk(3 * 4);
    const got = await z.get([slice(10, 13), slice(3, 7)], { out: buf });
    expect(got.data).toBe(buf);
    expect(got.shape).toEqual([3, 4]);
    // Rows 10..12, columns 3..6 of the ramp.
    const expected = [10, 11, 12].flatMap((i) => [3, 4, 5, 6].map((j) => (i * 17 + j) * 0.5 - 7));
    expect(Array.from(buf)).toEqual(expected);
    // One element, read into a one-element buffer, comes back as a 0-d NdArray.
    const one = new Float64Array(1);
    const scalar = await z.get([22, 16], { out: one });
    expect(scalar).toBeInstanceOf(NdArray);
    expect(one[0]).toBe((22 * 17 + 16) * 0.5 - 7);
  });

  it("reuses one buffer frame after frame, leaving nothing of the previous frame", async () => {
    // No fill value: chunks never written read as zeros, as in a fresh read.
    const z = await create([40, 40], {
      dtype: "<f8",
      chunks: [10, 10],
      fillValue: null,
      store: new RecordingStore(),
    });
    await z.set([slice(0, 10), null], 3.5);
    const out = new NdArray(junk(20 * 40), [20, 40], "<f8");
    for (const start of [0, 5, 20, 0]) {
      const got = await z.get([slice(start, start + 20), null], { out });
      expect(got).toBe(out);
      const fresh = (await z.get([slice(start, start + 20), null])) as NdArray;
      expect(Array.from(out.data as Float64Array), `rows ${start}`).toEqual(
        Array.from(fresh.data as Float64Array),
      );
    }
    // A fill value overwrites what was there for chunks that are not stored.
    const z7 = await create([8], {
      dtype: "<f8",
      chunks: [4],
      fillValue: 7,
      store: new RecordingStore(),
    });
    await z7.set([slice(0, 4)], 1);
    const buf = junk(8);
    await z7.get(null, { out: buf });
    expect(Array.from(buf)).toEqual([1, 1, 1, 1, 7, 7, 7, 7]);
  });

  it("works for sharded arrays and for views", async () => {
    const z = await create([12, 10], {
      dtype: "<i2",
      chunks: [2, 5],
      shards: [6, 10],
      zarrFormat: 3,
      store: new RecordingStore(),
    });
    const data = Int16Array.from({ length: 120 }, (_, i) => i * 3 - 100);
    await z.set(null, data);
    const sel = [slice(1, 11), slice(2, 9)];
    const fresh = (await z.get(sel)) as NdArray;
    const out = new Int16Array(70).fill(999);
    const got = await z.get(sel, { out });
    expect(got.data).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(fresh.data as Int16Array));
    // Row 1, columns 2..4: elements 12, 13, 14 of the data.
    expect(Array.from(out.subarray(0, 3))).toEqual([-64, -61, -58]);

    const f = await filled();
    const asF4 = f.astype("<f4");
    const view = new Float32Array(17);
    await asF4.get([3, null], { out: view });
    expect(Array.from(view)).toEqual(Array.from({ length: 17 }, (_, j) => (3 * 17 + j) * 0.5 - 7));
  });

  it("refuses an out of the wrong shape, dtype, class or length, naming both sides", async () => {
    const z = await filled();
    const sel = [slice(0, 3), slice(0, 4)];
    const cases: [unknown, typeof ZarrError, RegExp][] = [
      [
        new NdArray(new Float64Array(12), [4, 3], "<f8"),
        IndexError,
        /shape \[3, 4\], out has shape \[4, 3\]/,
      ],
      [new NdArray(new Float32Array(12), [3, 4], "<f4"), ZarrError, /dtype is <f8, out's is <f4/],
      [new Float32Array(12), ZarrError, /dtype <f8 needs a Float64Array, got a Float32Array/],
      [new Float64Array(13), ZarrError, /shape \[3, 4\] needs 12 elements, got 13/],
      [new Array(12).fill(0), ZarrError, /needs a Float64Array, got a plain array/],
      [
        { data: new Float64Array(12), shape: [3, 4] },
        ZarrError,
        /expected an NdArray or a Float64Array, got a Object/,
      ],
    ];
    for (const [out, Err, message] of cases) {
      const read = z.get(sel, { out: out as Float64Array });
      await expect(read).rejects.toBeInstanceOf(Err);
      await expect(read).rejects.toThrow(message);
    }
    // Checked before any chunk is read.
    const store = z.store as RecordingStore;
    store.reads.length = 0;
    await expect(z.get(sel, { out: new Float64Array(1) })).rejects.toThrow(ZarrError);
    expect(store.chunkReads()).toEqual([]);
  });

  it("lets the codec workers decode straight into a shared out", async () => {
    const z = await create([256, 512], {
      dtype: "<i4",
      chunks: [128, 256],
      compressor: new XorCodec(0x3c),
      store: new RecordingStore(),
    });
    const data = Int32Array.from({ length: 256 * 512 }, (_, i) => (i * 13) % 9973);
    await z.set(null, data);
    const out = new Int32Array(new SharedArrayBuffer(256 * 512 * 4));
    XorCodec.threads = [];
    const got = await z.get(null, { out });
    expect(got.data).toBe(out);
    expect(XorCodec.threads).toEqual([]); // every chunk decoded in a worker
    expect(out).toEqual(data);
    // A part of the array into a shared out that starts inside its buffer.
    const sab = new Int32Array(new SharedArrayBuffer((10 + 100 * 300) * 4));
    const part = sab.subarray(10);
    await z.get([slice(100, 200), slice(150, 450)], { out: part });
    const expected = (await z.get([slice(100, 200), slice(150, 450)], {})) as NdArray;
    expect(Array.from(part)).toEqual(Array.from(expected.data as Int32Array));
    expect(Array.from(sab.subarray(0, 10))).toEqual(new Array(10).fill(0));
  });
});
