import { availableParallelism } from "node:os";
import { describe, expect, it, vi } from "vitest";
import {
  ZarrError,
  type Codec,
  type CodecInput,
  configureWorkers,
  create,
  getWorkerPool,
  type NdArray,
  registerCodec,
  slice,
  workerSettings,
} from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";
import { CrashInWorker, XorCodec } from "./helpers/test-codecs.js";
import { useTestCodecWorkers } from "./helpers/test-workers.js";

const helper = new URL("./helpers/test-codecs.ts", import.meta.url).href;
useTestCodecWorkers();

/** A codec instance that is not in the registry: it must stay on the calling thread. */
class PlusOne implements Codec {
  readonly id = "test-plus-one-unregistered";
  calls = 0;
  encode(data: CodecInput): Uint8Array {
    this.calls++;
    return (data as Uint8Array).map((b) => b + 1);
  }
  decode(data: Uint8Array): Uint8Array {
    this.calls++;
    return data.map((b) => b - 1);
  }
  toConfig() {
    return { id: this.id };
  }
}

const ramp = (n: number) => Int32Array.from({ length: n }, (_, i) => i * 7 - 3);

describe("codec worker pool", () => {
  it("configureWorkers returns the previous settings and resolves size", () => {
    const prev = configureWorkers({ minChunkBytes: 64 * 1024 });
    expect(prev).toEqual({ size: 2, enabled: null, minChunkBytes: 64 * 1024, modules: [helper] });
    expect(workerSettings().size).toBe(2);
    const p2 = configureWorkers({ size: null });
    // null: one worker per core of this machine.
    expect(workerSettings().size).toBe(availableParallelism());
    configureWorkers(p2);
    expect(() => configureWorkers({ size: 0 })).toThrow(ZarrError);
  });

  it("decodes and encodes large chunks in workers, with the same bytes as on this thread", async () => {
    XorCodec.threads = [];
    const store = new RecordingStore();
    const z = await create([4, 65536], {
      dtype: "i4",
      chunks: [1, 65536],
      compressor: new XorCodec(0x33),
      store,
    });
    const data = ramp(4 * 65536);
    await z.set(null, data);
    expect(Array.from(data.subarray(0, 3))).toEqual([-3, 4, 11]); // the caller's data is intact
    const back = await z.get(null);
    expect(back.data).toEqual(data);
    expect(XorCodec.threads).toEqual([]); // nothing ran on this thread
    expect(getWorkerPool().started).toBe(2);
    // The stored bytes are what the codec writes on this thread.
    const local = new XorCodec(0x33).encode(new Uint8Array(data.buffer, 0, 65536 * 4));
    expect(store.map.get("0.0")).toEqual(local);
  });

  it("scatters chunks into a shared output in the workers, for any selection and order", async () => {
    // Edge chunks, both memory orders, a big-endian dtype, steps and partial chunks: every
    // read through the workers must equal the same read on this thread.
    for (const [dtype, order] of [
      ["<i4", "C"],
      [">i4", "F"],
      ["<f8", "C"],
    ] as const) {
      const z = await create([300, 700], {
        dtype,
        chunks: [128, 512],
        order,
        compressor: new XorCodec(0x2c),
        store: new RecordingStore(),
      });
      const data =
        dtype === "<f8" ? Float64Array.from(ramp(300 * 700), (v) => v / 8) : ramp(300 * 700);
      await z.set(null, data);
      for (const sel of [null, "10:290:3, 5:", ":, 600", "-1, ::7"]) {
        XorCodec.threads = [];
        const viaWorkers = (await z.get(sel as never)) as NdArray;
        expect(XorCodec.threads, `${dtype} ${order} ${sel}`).toEqual([]);
        const prev = configureWorkers({ enabled: false });
        const here = (await z.get(sel as never)) as NdArray;
        configureWorkers(prev);
        expect(viaWorkers.shape).toEqual(here.shape);
        expect(viaWorkers.data, `${dtype} ${order} ${sel}`).toEqual(here.data);
        if (sel === null) {
          expect((viaWorkers.data as Int32Array).buffer).toBeInstanceOf(SharedArrayBuffer);
          expect((here.data as Int32Array).buffer).toBeInstanceOf(ArrayBuffer);
        }
      }
      const whole = await z.get(null);
      expect(Array.from(whole.data as ArrayLike<number>)).toEqual(Array.from(data));
    }
  });

  it("runs a filter and the compressor in the worker, with the bytes of this thread", async () => {
    XorCodec.threads = [];
    const store = new RecordingStore();
    const z = await create([65536], {
      dtype: "<u2",
      chunks: [32768],
      filters: [new XorCodec(0x01)],
      compressor: new XorCodec(0x02),
      store,
    });
    const data = Uint16Array.from({ length: 65536 }, (_, i) => i);
    await z.set(null, data);
    expect((await z.get(null)).data).toEqual(data);
    expect(XorCodec.threads).toEqual([]);
    const raw = new Uint8Array(data.buffer, 65536, 65536);
    const local = new XorCodec(0x02).encode(new XorCodec(0x01).encode(raw));
    expect(store.map.get("1")).toEqual(local);
  });

  it("keeps the event loop turning during a large read (it does not without workers)", async () => {
    const z = await create([16, 262144], {
      dtype: "i4",
      chunks: [1, 262144],
      compressor: new XorCodec(),
      store: new RecordingStore(),
    });
    await z.set(null, 3);
    const turnsDuring = async () => {
      let turns = 0;
      const tick = setInterval(() => turns++, 0);
      await z.get(null);
      clearInterval(tick);
      return turns;
    };
    // How many timer turns fit into the read depends on the machine's speed: a bound.
    expect(await turnsDuring()).toBeGreaterThan(0);
    const prev = configureWorkers({ enabled: false });
    try {
      // A memory store answers at once, so without workers the whole read is one turn.
      expect(await turnsDuring()).toBe(0);
    } finally {
      configureWorkers(prev);
    }
  });

  it("keeps small chunks on the calling thread", async () => {
    XorCodec.threads = [];
    const z = await create([1000], {
      dtype: "i4",
      chunks: [100],
      compressor: new XorCodec(),
      store: new RecordingStore(),
    });
    await z.set(null, ramp(1000));
    expect((await z.get(null)).data).toEqual(ramp(1000));
    expect(XorCodec.threads.length).toBe(20);
    expect(new Set(XorCodec.threads)).toEqual(new Set([0]));
  });

  it("keeps unregistered codec instances on the calling thread", async () => {
    const codec = new PlusOne();
    const z = await create([65536], {
      dtype: "i4",
      chunks: [65536],
      compressor: codec,
      store: new RecordingStore(),
    });
    await z.set(null, ramp(65536));
    expect((await z.get(null)).data).toEqual(ramp(65536));
    expect(codec.calls).toBe(2);
  });

  it("falls back to the calling thread for ids only this thread registered", async () => {
    registerCodec("test-xor-main-only", (c) => {
      const x = new XorCodec((c as { key?: number }).key);
      return Object.assign(x, {
        id: "test-xor-main-only",
        toConfig: () => ({ id: "test-xor-main-only", key: x.key }),
      });
    });
    XorCodec.threads = [];
    const z = await create([65536], {
      dtype: "i4",
      chunks: [65536],
      compressor: { id: "test-xor-main-only", key: 9 },
      store: new RecordingStore(),
    });
    await z.set(null, ramp(65536));
    expect((await z.get(null)).data).toEqual(ramp(65536));
    expect(XorCodec.threads).toEqual([0, 0]);
    expect(getWorkerPool().unsupported.has("test-xor-main-only")).toBe(true);
  });

  it("gets a transferred chunk back when the worker cannot encode it, and encodes it here", async () => {
    registerCodec("test-xor-main-only-2", (c) => {
      const x = new XorCodec((c as { key?: number }).key);
      return Object.assign(x, {
        id: "test-xor-main-only-2",
        toConfig: () => ({ id: "test-xor-main-only-2", key: x.key }),
      });
    });
    XorCodec.threads = [];
    const z = await create([65536], {
      dtype: "i4",
      chunks: [65536],
      compressor: { id: "test-xor-main-only-2", key: 5 },
      fillValue: 7,
      store: new RecordingStore(),
    });
    // A partial write builds the chunk in zarrkit's own buffer, which goes to the worker
    // transferred (not copied); the worker lacks the codec and must hand the bytes back.
    await z.set([slice(1, 65536)], ramp(65535));
    const expected = Int32Array.from([7, ...ramp(65535)]);
    expect((await z.get(null)).data).toEqual(expected);
    expect(XorCodec.threads).toEqual([0, 0]);
  });

  it("reports a worker's codec error with the chunk key and codec id", async () => {
    const store = new RecordingStore();
    const z = await create([65536], {
      dtype: "i4",
      chunks: [65536],
      compressor: new XorCodec(),
      store,
    });
    await z.set(null, 1);
    store.map.get("0")![0] = 0xff;
    await expect(z.get(null)).rejects.toThrow(
      'chunk "0": codec "test-xor" failed to decode: bad first byte',
    );
  });

  it("enabled: false keeps every chunk here; true offloads even small ones", async () => {
    const z = await create([1000], {
      dtype: "i4",
      chunks: [100],
      compressor: new XorCodec(),
      store: new RecordingStore(),
    });
    const prev = configureWorkers({ enabled: false });
    try {
      XorCodec.threads = [];
      await z.set(null, ramp(1000));
      expect(XorCodec.threads.length).toBe(10);
      configureWorkers({ enabled: true });
      XorCodec.threads = [];
      expect((await z.get(null)).data).toEqual(ramp(1000));
      expect(XorCodec.threads).toEqual([]);
    } finally {
      configureWorkers(prev);
    }
  });

  it("a worker that dies fails over to the calling thread, with one warning", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const z = await create([65536], {
        dtype: "i4",
        chunks: [65536],
        compressor: new CrashInWorker(),
        store: new RecordingStore(),
      });
      await z.set(null, ramp(65536));
      expect((await z.get(null)).data).toEqual(ramp(65536));
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain("codec workers failed");
      // The pool replaces the worker: the next chunk goes to a worker again.
      XorCodec.threads = [];
      const y = await create([65536], {
        dtype: "i4",
        chunks: [65536],
        compressor: new XorCodec(),
        store: new RecordingStore(),
      });
      await y.set(null, ramp(65536));
      expect((await y.get(null)).data).toEqual(ramp(65536));
      expect(XorCodec.threads).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it("rewrites whole chunks through reused worker buffers without leaking old values", async () => {
    // The second write fills buffers the workers handed back from the first: every element of
    // an inner chunk must be the new value, and an edge chunk (not covered in full, so built
    // fresh) must hold the fill value past the array's end, never a stale element.
    const store = new RecordingStore();
    const cols = 3 * 65536 - 5;
    const z = await create([3, cols], {
      dtype: "<i4",
      chunks: [1, 65536],
      compressor: new XorCodec(0x21),
      fillValue: 9,
      store,
    });
    const first = Int32Array.from({ length: 3 * cols }, (_, i) => 1000000 + i);
    const second = Int32Array.from({ length: 3 * cols }, (_, i) => -i);
    await z.set(null, first);
    XorCodec.threads = [];
    await z.set(null, second);
    expect(XorCodec.threads).toEqual([]); // encoded in the workers
    expect(Array.from(second.subarray(0, 3))).toEqual([0, -1, -2]); // the caller's data is intact
    expect((await z.get(null)).data).toEqual(second);
    // Row 1's middle chunk and edge chunk, decoded by hand from the stored bytes.
    const decode = (key: string) => {
      const raw = new XorCodec(0x21).decode(store.map.get(key)!);
      return new Int32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
    };
    const middle = decode("1.1");
    expect(middle.length).toBe(65536);
    for (const j of [0, 1, 65535]) expect(middle[j]).toBe(-(cols + 65536 + j));
    const edge = decode("1.2");
    expect(edge[0]).toBe(-(cols + 2 * 65536));
    expect(edge[65530]).toBe(-(cols + 2 * 65536 + 65530));
    expect(Array.from(edge.subarray(65531))).toEqual([9, 9, 9, 9, 9]);
  });
});
