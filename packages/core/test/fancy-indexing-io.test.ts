// Fancy selection through the array's chunk loop: only touched chunks are read, each once;
// a chunk touched several times is written once; every dtype; sharded arrays; AbortSignal.
import { describe, expect, it } from "vitest";
import { create, NdArray, type ZarrArray } from "../src/index.js";
import { RangeCountingStore } from "./helpers/range-counting-store.js";
import { InFlightStore } from "./helpers/in-flight-store.js";
import { RecordingStore } from "./helpers/recording-store.js";

async function arange2d(store: RecordingStore, opts: Record<string, unknown> = {}) {
  const z = await create([10, 10], {
    dtype: "i4",
    chunks: [3, 3],
    compressor: null,
    store,
    ...opts,
  });
  await z.set(
    null,
    new NdArray(
      Int32Array.from({ length: 100 }, (_, i) => i),
      [10, 10],
      "i4",
    ),
  );
  store.reset();
  return z;
}

/** The selection read element by element through basic `get`: the obvious loop. */
async function byElements(z: ZarrArray, points: number[][]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const p of points) out.push(await z.get(p));
  return out;
}

describe("chunk requests", () => {
  it("orthogonal read fetches only the chunks it touches, each once", async () => {
    const store = new RecordingStore();
    const z = await arange2d(store);
    const r = (await z.oindex.get([[0, 9, 1, 0], [4]])) as NdArray;
    expect([...(r.data as Int32Array)]).toEqual([4, 94, 14, 4]);
    expect(store.chunkReads().sort()).toEqual(["0.1", "3.1"]);
  });

  it("coordinate read fetches each touched chunk once, however many points it holds", async () => {
    const store = new RecordingStore();
    const z = await arange2d(store);
    const r = await z.vindex.get([
      [5, 3, 9, 4, 5],
      [5, 4, 0, 3, 3],
    ]);
    expect([...(r.data as Int32Array)]).toEqual([55, 34, 90, 43, 53]);
    expect(store.chunkReads().sort()).toEqual(["1.1", "3.0"]);
  });

  it("a write touching one chunk three times reads it once and writes it once", async () => {
    const store = new RecordingStore();
    const z = await arange2d(store);
    await z.vindex.set(
      [
        [3, 4, 5],
        [5, 4, 3],
      ],
      [-1, -2, -3],
    );
    expect(store.chunkReads()).toEqual(["1.1"]);
    expect(store.writes).toEqual(["1.1"]);
    expect(
      await byElements(z, [
        [3, 5],
        [4, 4],
        [5, 3],
        [3, 3],
      ]),
    ).toEqual([-1, -2, -3, 33]);
  });

  it("repeated coordinates on set: the last value wins, as in NumPy", async () => {
    const store = new RecordingStore();
    const z = await arange2d(store);
    await z.vindex.set(
      [
        [2, 2, 7, 2],
        [2, 2, 1, 2],
      ],
      [1, 2, 3, 4],
    );
    expect(
      await byElements(z, [
        [2, 2],
        [7, 1],
      ]),
    ).toEqual([4, 3]);
    await z.oindex.set([[6, 6], [0]], [[8], [9]]);
    expect(await z.get([6, 0])).toBe(9);
  });

  it("a write covering a whole chunk through index lists does not read it", async () => {
    const store = new RecordingStore();
    const z = await arange2d(store);
    // Rows and columns 0-2 in a scrambled order cover chunk 0.0 exactly.
    await z.oindex.set(
      [
        [2, 0, 1],
        [1, 2, 0, 0],
      ],
      7,
    );
    expect(store.chunkReads()).toEqual([]);
    expect(store.writes).toEqual(["0.0"]);
    const back = (await z.get("0:4, 0:4")) as NdArray;
    expect([...(back.data as Int32Array)]).toEqual([
      7, 7, 7, 3, 7, 7, 7, 13, 7, 7, 7, 23, 30, 31, 32, 33,
    ]);
  });

  it("honours writeEmptyChunks: a chunk set back to the fill value is deleted", async () => {
    const store = new RecordingStore();
    const z = await create([6], {
      dtype: "i4",
      chunks: [3],
      compressor: null,
      store,
      writeEmptyChunks: false,
    });
    await z.set(null, new NdArray(Int32Array.of(0, 0, 5, 6, 0, 0), [6], "i4"));
    expect([...store.map.keys()].filter((k) => !k.startsWith(".")).sort()).toEqual(["0", "1"]);
    await z.vindex.set([[2, 3]], 0);
    await z.vindex.set([true, false, false, false, false, true], 1);
    expect([...store.map.keys()].filter((k) => !k.startsWith(".")).sort()).toEqual(["0", "1"]);
    await z.vindex.set([[0, 5]], 0);
    expect([...store.map.keys()].filter((k) => !k.startsWith(".")).sort()).toEqual([]);
  });

  it("an aborted signal stops fancy reads and writes before any chunk I/O", async () => {
    const store = new RecordingStore();
    const z = await arange2d(store);
    const signal = AbortSignal.abort(new Error("stop here"));
    await expect(z.oindex.get([[1, 5]], { signal })).rejects.toThrow("stop here");
    await expect(z.vindex.get([[1], [5]], { signal })).rejects.toThrow("stop here");
    await expect(z.vindex.set([[1], [5]], 3, { signal })).rejects.toThrow("stop here");
    await expect(z.blocks.get([0], { signal })).rejects.toThrow("stop here");
    expect(store.chunkReads()).toEqual([]);
    expect(store.writes).toEqual([]);
  });

  it("a value of the wrong shape fails before any chunk is written", async () => {
    const store = new RecordingStore();
    const z = await arange2d(store);
    await expect(
      z.oindex.set(
        [
          [1, 5],
          [0, 1, 2],
        ],
        [1, 2, 3],
      ),
    ).rejects.toThrow("value of shape [3] does not fit the selection of shape [2, 3]");
    expect(store.writes).toEqual([]);
  });

  it("a chunk whose encoding fails keeps its old bytes", async () => {
    const store = new RecordingStore();
    const z = await arange2d(store);
    store.failOn = (k) => k === "3.3";
    await expect(
      z.vindex.set(
        [
          [0, 9],
          [0, 9],
        ],
        -5,
      ),
    ).rejects.toThrow("injected failure");
    expect(await z.get([9, 9])).toBe(99);
  });

  it("returns a scalar when every dimension of an orthogonal selection is an integer", async () => {
    const z = await arange2d(new RecordingStore());
    expect(await z.oindex.get([7, -2])).toBe(78);
    const one = (await z.vindex.get([7, -2])) as NdArray;
    expect(one.shape).toEqual([1]);
    expect([...(one.data as Int32Array)]).toEqual([78]);
  });

  it("takes typed arrays and NdArrays as index arrays", async () => {
    const z = await arange2d(new RecordingStore());
    const rows = new NdArray(BigInt64Array.of(9n, 0n), [2], "i8");
    const r = (await z.oindex.get([rows, Int8Array.of(-1, 2)])) as NdArray;
    expect([...(r.data as Int32Array)]).toEqual([99, 92, 9, 2]);
    const v = await z.vindex.get([
      new NdArray(Int32Array.of(1, 2, 3, 4), [2, 2], "i4"),
      Uint16Array.of(0, 9),
    ]);
    expect(v.shape).toEqual([2, 2]);
    expect([...(v.data as Int32Array)]).toEqual([10, 29, 30, 49]);
    const m = new NdArray(
      Uint8Array.from({ length: 100 }, (_, i) => (i % 33 === 0 ? 1 : 0)),
      [10, 10],
      "b1",
    );
    expect([...((await z.vindex.get(m)).data as Int32Array)]).toEqual([0, 33, 66, 99]);
    expect([...((await z.getMaskSelection(m)).data as Int32Array)]).toEqual([0, 33, 66, 99]);
    const line = await create([5], {
      dtype: "i4",
      chunks: [2],
      compressor: null,
      store: new RecordingStore(),
    });
    await line.set(null, Int32Array.of(10, 11, 12, 13, 14));
    expect([...((await line.vindex.get(Int32Array.of(4, -5, 2))).data as Int32Array)]).toEqual([
      14, 10, 12,
    ]);
    expect([
      ...(((await line.oindex.get(Uint8Array.of(3, 3))) as NdArray).data as Int32Array),
    ]).toEqual([13, 13]);
  });
});

describe("concurrency", () => {
  it("keeps at most `concurrency` chunk reads and writes in flight, as basic selection", async () => {
    const store = new InFlightStore();
    const z = await create([200], { dtype: "i4", chunks: [2], compressor: null, store });
    const every = Array.from({ length: 100 }, (_, i) => 199 - 2 * i);
    await z.vindex.set([every], 4, { concurrency: 3 });
    expect(store.max).toBe(3);
    store.max = 0;
    const back = await z.oindex.get([every], { concurrency: 5 });
    expect(store.max).toBe(5);
    expect([...((back as NdArray).data as Int32Array)]).toEqual(every.map(() => 4));
    store.max = 0;
    await z.oindex.get([every]);
    expect(store.max).toBe(16);
  });
});

describe("every dtype", () => {
  const dtypes: [string, (i: number) => unknown][] = [
    ["<f8", (i) => i + 0.5],
    [">i2", (i) => 7 - i],
    ["<c16", (i) => [i, -i / 2]],
    ["|b1", (i) => i % 3 === 0],
    ["<U3", (i) => `${i}`],
    ["|S2", (i) => new TextEncoder().encode(`${i % 100}`.padStart(2, "0"))],
    ["<M8[s]", (i) => BigInt(i * 1000)],
    ["<u8", (i) => BigInt(i) * 3n],
  ];
  const structured = {
    dtype: [
      ["a", "<i2"],
      ["b", "<f4"],
    ],
    value: (i: number) => ({ a: i, b: i / 4 }),
  };

  async function filled(dtype: unknown, value: (i: number) => unknown): Promise<ZarrArray> {
    const z = await create([6, 5], {
      dtype: dtype as string,
      chunks: [4, 3],
      compressor: null,
      store: new RecordingStore(),
    });
    for (let r = 0; r < 6; r++)
      for (let c = 0; c < 5; c++) await z.set([r, c], value(r * 5 + c) as never);
    return z;
  }

  const cases = [
    ...dtypes.map(([d, v]) => ({ name: d, dtype: d as unknown, value: v })),
    { name: "structured", ...structured },
  ];
  for (const { name, dtype, value } of cases) {
    it(`${name}: orthogonal, coordinate and mask reads and writes agree with basic get`, async () => {
      const z = await filled(dtype, value);
      const rows = [5, 0, 5];
      const cols = [4, 1];
      const o = (await z.oindex.get([rows, cols])) as NdArray;
      expect(o.shape).toEqual([3, 2]);
      expect(o.toArray()).toEqual(rows.map((r) => cols.map((c) => value(r * 5 + c))));
      const v = await z.vindex.get([
        [5, 0, 2],
        [4, 1, 1],
      ]);
      expect(v.toArray()).toEqual([value(29), value(1), value(11)]);
      const m = await z.vindex.get(
        Array.from({ length: 6 }, (_, r) => Array.from({ length: 5 }, (_, c) => r === c)),
      );
      expect(m.toArray()).toEqual([0, 6, 12, 18, 24].map(value));

      await z.oindex.set(
        [
          [4, 1],
          [0, 2],
        ],
        [
          [value(100), value(101)],
          [value(102), value(103)],
        ] as never,
      );
      // Three points: with two, a complex [re, im] scalar would read as two values.
      await z.vindex.set(
        [
          [3, 5, 0],
          [3, 4, 0],
        ],
        value(200) as never,
      );
      const expected: unknown[] = [];
      for (let i = 0; i < 30; i++) expected.push(value(i));
      expected[20] = value(100);
      expected[22] = value(101);
      expected[5] = value(102);
      expected[7] = value(103);
      expected[18] = value(200);
      expected[29] = value(200);
      expected[0] = value(200);
      expect((await z.get()).toArray()).toEqual(
        Array.from({ length: 6 }, (_, r) => expected.slice(r * 5, r * 5 + 5)),
      );
    });
  }
});

describe("chunks that are not stored", () => {
  it("read as the fill value, lanes and all, through index lists and points", async () => {
    const z = await create([5, 5], {
      dtype: "<c16",
      chunks: [2, 2],
      fillValue: [1.5, -2],
      compressor: null,
      store: new RecordingStore(),
    });
    await z.set([0, 1], [7, 8]);
    const o = (await z.oindex.get([
      [4, 0],
      [1, 3],
    ])) as NdArray;
    expect(o.toArray()).toEqual([
      [
        [1.5, -2],
        [1.5, -2],
      ],
      [
        [7, 8],
        [1.5, -2],
      ],
    ]);
    expect(
      (
        await z.vindex.get([
          [0, 3, 0],
          [1, 3, 1],
        ])
      ).toArray(),
    ).toEqual([
      [7, 8],
      [1.5, -2],
      [7, 8],
    ]);
    const f = await create([7], {
      dtype: "<f4",
      chunks: [3],
      fillValue: Number.NaN,
      compressor: null,
      store: new RecordingStore(),
    });
    await f.vindex.set([[5, 1]], [2.5, 3.5]);
    expect([...((await f.get()).data as Float32Array)]).toEqual([
      Number.NaN,
      3.5,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      2.5,
      Number.NaN,
    ]);
  });
});

describe("sharded v3 arrays", () => {
  async function sharded() {
    const store = new RangeCountingStore();
    const z = await create([7, 9], {
      store,
      zarrFormat: 3,
      dtype: "int16",
      chunks: [2, 2],
      shards: [4, 4],
      compressor: null,
    });
    await z.set(
      null,
      new NdArray(
        Int16Array.from({ length: 63 }, (_, i) => i),
        [7, 9],
        "i2",
      ),
    );
    return { store, z };
  }

  it("reads orthogonal, coordinate, mask and block selections from inner chunks", async () => {
    const { z } = await sharded();
    const o = (await z.oindex.get([
      [6, 0, 3],
      [8, 1, 1, 4],
    ])) as NdArray;
    expect(o.toArray()).toEqual([6, 0, 3].map((r) => [8, 1, 1, 4].map((c) => r * 9 + c)));
    const v = await z.vindex.get([
      [6, 0, 3, 3],
      [8, 1, 1, 4],
    ]);
    expect([...(v.data as Int16Array)]).toEqual([62, 1, 28, 31]);
    const m = await z.vindex.get(
      Array.from({ length: 7 }, (_, r) => Array.from({ length: 9 }, (_, c) => (r + c) % 5 === 0)),
    );
    const want: number[] = [];
    for (let i = 0; i < 63; i++) if ((Math.floor(i / 9) + (i % 9)) % 5 === 0) want.push(i);
    expect([...(m.data as Int16Array)]).toEqual(want);
    // Blocks are shards (the storage grid, as zarr-python 3's chunk_grid): block (1, 2) is rows 4-6, column 8.
    const b = await z.blocks.get([1, 2]);
    expect(b.shape).toEqual([3, 1]);
    expect([...(b.data as Int16Array)]).toEqual([44, 53, 62]);
  });

  it("reads each shard a coordinate selection touches, asking only for the inner chunks it needs", async () => {
    const { store, z } = await sharded();
    store.requests.length = 0;
    const v = await z.vindex.get([
      [0, 1, 0],
      [0, 1, 8],
    ]);
    expect([...(v.data as Int16Array)]).toEqual([0, 10, 8]);
    const keys = new Set(store.requests.map((r) => r.key));
    expect([...keys].sort()).toEqual(["c/0/0", "c/0/2"]);
  });

  it("writes scattered points into shards, keeping every other value", async () => {
    const { z } = await sharded();
    await z.vindex.set(
      [
        [0, 6, 6, 3],
        [0, 8, 8, 5],
      ],
      [-1, -2, -3, -4],
    );
    await z.oindex.set([[5], [0, 2, 7]], -9);
    const want = Array.from({ length: 63 }, (_, i) => i);
    want[0] = -1;
    want[62] = -3;
    want[32] = -4;
    for (const c of [0, 2, 7]) want[45 + c] = -9;
    expect([...((await z.get()).data as Int16Array)]).toEqual(want);
  });
});
