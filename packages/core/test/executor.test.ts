import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BytesCodec } from "../src/codecs/bytes.js";
import {
  ChainStepError,
  decodeChain,
  encodeChain,
  toChunkData,
} from "../src/codecs/chain-runner.js";
import { ChunkPipeline, type ChunkPipelineOptions } from "../src/codecs/pipeline.js";
import { TransposeCodec } from "../src/codecs/transpose.js";
import {
  asBytes,
  CodecError,
  configureWorkers,
  create,
  slice,
  getCodec,
  parseDataType,
  terminateWorkers,
  typedArrayFor,
  type WorkerSettings,
} from "../src/index.js";
import type { TypedArrayViewConstructor } from "../src/metadata/dtype.js";
import {
  type ChunkExecutor,
  type CodecTask,
  type CodecTaskResult,
  defaultExecutor,
} from "../src/runtime/executor.js";
import { RecordingStore } from "./helpers/recording-store.js";
import { XorCodec } from "./helpers/test-codecs.js";

/** Runs tasks on this thread, as a worker would, and keeps every task it was given. */
class InlineExecutor implements ChunkExecutor {
  tasks: CodecTask[] = [];
  asked = 0;
  constructor(
    readonly take = true,
    readonly mode: "run" | "decline-late" | "fail" = "run",
  ) {}
  accepts(): boolean {
    this.asked++;
    return this.take;
  }
  async run(task: CodecTask): Promise<CodecTaskResult> {
    this.tasks.push(task);
    if (this.mode === "decline-late") return { done: false, input: task.data };
    if (this.mode === "fail") throw new ChainStepError(task.codecs.length - 1, new Error("boom"));
    const codecs = await Promise.all(task.codecs.map((c) => getCodec(c)));
    const chain = {
      codecs,
      infos: task.infos,
      arraySteps: task.arraySteps,
      decodeOutput: task.decodeOutput,
    };
    const memory = parseDataType(task.infos[0]!.dtype);
    const n = task.infos[0]!.shape.reduce((a, b) => a * b, 1);
    if (task.op === "decode") {
      const v = await decodeChain(chain, new Uint8Array(task.data));
      if (task.arraySteps === 0)
        return { done: true, data: asBytes(v as Uint8Array).slice().buffer };
      const chunk = toChunkData(memory, v, n, true) as Int32Array;
      return { done: true, data: chunk.buffer as ArrayBuffer };
    }
    const Ctor = typedArrayFor(memory) as TypedArrayViewConstructor;
    const input = task.arraySteps > 0 ? new Ctor(task.data) : new Uint8Array(task.data);
    const v = await encodeChain(chain, input);
    return { done: true, data: asBytes(v as Uint8Array).slice().buffer };
  }
}

const chainOf = (executor?: ChunkExecutor): ChunkPipelineOptions => ({
  dtype: parseDataType(">i4"),
  chunkShape: [4, 8],
  // A leading transpose (the layout), then one that runs, then big-endian bytes and a codec.
  arrayToArray: [new TransposeCodec({ order: [1, 0] }), new TransposeCodec({ order: [1, 0] })],
  arrayToBytes: new BytesCodec({ endian: "big" }),
  bytesToBytes: [new XorCodec(0x3c)],
  ...(executor ? { executor } : {}),
});
const ramp = (n: number) => Int32Array.from({ length: n }, (_, i) => i * 1001 - 7);

describe("the pipeline's executor", () => {
  it("hands the whole chain to an executor that takes it, with the bytes of this thread", async () => {
    const local = new ChunkPipeline(chainOf());
    const ex = new InlineExecutor();
    const p = new ChunkPipeline(chainOf(ex));
    expect(p.offloads).toBe(true);
    const data = ramp(32);
    const stored = await p.encode(data, "0.0");
    expect(stored).toEqual(await local.encode(data, "0.0"));
    expect(Array.from(data.subarray(0, 2))).toEqual([-7, 994]); // the caller's copy is kept
    const back = await p.decode(stored, "0.0", true);
    expect(back).toBeInstanceOf(Int32Array);
    expect(back).toEqual(data);
    expect(ex.tasks.map((t) => t.op)).toEqual(["encode", "decode"]);
    const t = ex.tasks[1]!;
    // The leading transpose is the layout, not a step.
    expect(t.codecs).toEqual([
      { id: "transpose", order: [1, 0] },
      { id: "bytes", endian: "big" },
      { id: "test-xor", key: 0x3c },
    ]);
    expect(t.arraySteps).toBe(2);
    expect(t.infos.map((i) => [i.dtype, i.shape])).toEqual([
      ["<i4", [8, 4]],
      ["<i4", [4, 8]],
      [">i4", [4, 8]],
    ]);
    expect(t.decodeOutput).toEqual({ step: 2, nbytes: 128 });
  });

  it("keeps chunks on this thread when the executor declines them", async () => {
    const ex = new InlineExecutor(false);
    const p = new ChunkPipeline(chainOf(ex));
    const data = ramp(32);
    expect(await p.decode(await p.encode(data, "0"), "0", true)).toEqual(data);
    // Asked once for the encode and once for the decode, and declined both.
    expect(ex.asked).toBe(2);
    expect(ex.tasks).toEqual([]);
  });

  it("hands off a chain with work in it, never plain bytes alone", () => {
    const ex = new InlineExecutor();
    const plain = {
      dtype: parseDataType("<i4"),
      chunkShape: [4],
      arrayToBytes: null,
      bytesToBytes: [],
    };
    expect(new ChunkPipeline({ ...plain, arrayToArray: [], executor: ex }).offloads).toBe(false);
    const transposed = new ChunkPipeline({
      ...plain,
      chunkShape: [2, 2],
      arrayToArray: [new XorCodec(1), new TransposeCodec({ order: [1, 0] })],
      executor: ex,
    });
    expect(transposed.offloads).toBe(true);
  });

  it("runs a chunk here when the executor hands it back, even a chunk it was given", async () => {
    const ex = new InlineExecutor(true, "decline-late");
    const p = new ChunkPipeline(chainOf(ex));
    const data = ramp(32);
    const mine = data.slice();
    // Owned: the chunk's buffer is given away, and comes back to be encoded here.
    const stored = await p.encode(mine, "0", true);
    expect(stored).toEqual(await new ChunkPipeline(chainOf()).encode(data, "0"));
    expect(await p.decode(stored, "0", true)).toEqual(data);
    expect(ex.tasks.length).toBe(2);
  });

  it("reports a codec that failed in the executor with the chunk key and codec id", async () => {
    const p = new ChunkPipeline(chainOf(new InlineExecutor(true, "fail")));
    const err = await p.decode(new Uint8Array(128), "3.1", true).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodecError);
    expect((err as Error).message).toBe('chunk "3.1": codec "test-xor" failed to decode: boom');
  });

  it("hands only the bytes->bytes codecs off for a type kept as JS values", async () => {
    const ex = new InlineExecutor();
    const opts = {
      dtype: parseDataType("<U2"),
      chunkShape: [3],
      arrayToArray: [],
      arrayToBytes: null,
      bytesToBytes: [new XorCodec(0x11)],
      executor: ex,
    };
    const p = new ChunkPipeline(opts);
    const stored = await p.encode(["ab", "c", ""], "0");
    expect(await p.decode(stored, "0", true)).toEqual(["ab", "c", ""]);
    expect(ex.tasks.map((t) => [t.arraySteps, t.codecs.map((c) => c.id)])).toEqual([
      [0, ["test-xor"]],
      [0, ["test-xor"]],
    ]);
    expect(ex.tasks[1]!.decodeOutput).toEqual({ step: 0, nbytes: 24 });
  });
});

describe("the worker pool executor", () => {
  const helper = new URL("./helpers/test-codecs.ts", import.meta.url).href;
  let saved: WorkerSettings;
  beforeAll(() => {
    saved = configureWorkers({ modules: [helper], size: 1, enabled: true });
  });
  afterAll(async () => {
    configureWorkers(saved);
    await terminateWorkers();
  });

  it("runs transposes, big-endian bytes and a codec in a worker", async () => {
    XorCodec.threads = [];
    const p = new ChunkPipeline(chainOf(defaultExecutor()));
    const data = ramp(32);
    const stored = await p.encode(data, "0");
    expect(stored).toEqual(await new ChunkPipeline(chainOf()).encode(data, "0"));
    const threadsHere = XorCodec.threads.length; // the local reference encode above
    const back = await p.decode(stored, "0", true);
    expect(back).toEqual(data);
    expect(XorCodec.threads.length).toBe(threadsHere);
    expect(threadsHere).toBe(1);
  });

  it("runs the bytes->bytes codecs of a string chunk in a worker, the conversion here", async () => {
    XorCodec.threads = [];
    const p = new ChunkPipeline({
      dtype: parseDataType(">U3"),
      chunkShape: [3],
      arrayToArray: [],
      arrayToBytes: null,
      bytesToBytes: [new XorCodec(0x21)],
      executor: defaultExecutor(),
    });
    const stored = await p.encode(["abc", "d", ""], "0");
    expect(XorCodec.threads).toEqual([]);
    // Big-endian UTF-32 code points, each byte XOR 0x21.
    const plain = new Uint8Array(36);
    new DataView(plain.buffer).setUint32(0, 0x61);
    new DataView(plain.buffer).setUint32(4, 0x62);
    new DataView(plain.buffer).setUint32(8, 0x63);
    new DataView(plain.buffer).setUint32(12, 0x64);
    expect(stored).toEqual(plain.map((b) => b ^ 0x21));
    expect(await p.decode(stored, "0", true)).toEqual(["abc", "d", ""]);
    expect(XorCodec.threads).toEqual([]);
  });

  it("reads and writes v3 arrays with transposes and big-endian bytes through the workers", async () => {
    const store = new RecordingStore();
    const z = await create([96, 80], {
      store,
      chunks: [64, 48],
      dtype: "int32",
      zarrFormat: 3,
      codecs: [
        { name: "transpose", configuration: { order: [1, 0] } },
        { name: "transpose", configuration: { order: [1, 0] } },
        { name: "bytes", configuration: { endian: "big" } },
        { name: "numcodecs.test-xor", configuration: { key: 5 } },
      ],
    });
    const data = ramp(96 * 80);
    XorCodec.threads = [];
    await z.set(null, data);
    const viaWorkers = await z.get([slice(3, 90, 2), slice(1, 79)]);
    const whole = await z.get(null);
    expect(XorCodec.threads).toEqual([]);
    expect((whole.data as Int32Array).buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(whole.data as Int32Array)).toEqual(Array.from(data));
    const prev = configureWorkers({ enabled: false });
    try {
      const here = await z.get([slice(3, 90, 2), slice(1, 79)]);
      // Rows 3..89 and columns 1..78 touch 2 x 2 of the 64x48 chunks, each decoded on this
      // thread (id 0).
      expect(XorCodec.threads).toEqual([0, 0, 0, 0]);
      expect(viaWorkers.data).toEqual(here.data);
      // The first chunk as stored: the leading transpose is the layout (the chunk transposed
      // to 48x64), the second transposes it back: rows of the 64x48 chunk, big-endian, XOR 5.
      const stored = store.map.get("c/0/0")!;
      const expected = new Uint8Array(64 * 48 * 4);
      const view = new DataView(expected.buffer);
      for (let r = 0; r < 64; r++)
        for (let c = 0; c < 48; c++) view.setInt32((r * 48 + c) * 4, data[r * 80 + c]!);
      expect(stored).toEqual(expected.map((b) => b ^ 5));
    } finally {
      configureWorkers(prev);
    }
  });

  it("encodes whole shards in the workers, to the bytes of this thread", async () => {
    const sharding = {
      name: "sharding_indexed",
      configuration: {
        chunk_shape: [32, 16],
        codecs: [
          { name: "transpose", configuration: { order: [1, 0] } },
          { name: "bytes", configuration: { endian: "big" } },
          { name: "numcodecs.test-xor", configuration: { key: 9 } },
        ],
        index_codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "crc32c" }],
        index_location: "end",
      },
    };
    const make = async (store: RecordingStore) =>
      create([96, 80], {
        store,
        chunks: [64, 48],
        dtype: "int32",
        zarrFormat: 3,
        codecs: [sharding],
      });
    const data = ramp(96 * 80);
    const viaWorkers = new RecordingStore();
    const z = await make(viaWorkers);
    XorCodec.threads = [];
    await z.set(null, data);
    // Whole shards are encoded in the workers (reads take inner chunks through openShard).
    expect(XorCodec.threads).toEqual([]);
    const whole = await z.get(null);
    expect(Array.from(whole.data as Int32Array)).toEqual(Array.from(data));
    const prev = configureWorkers({ enabled: false });
    try {
      const here = new RecordingStore();
      XorCodec.threads = [];
      await (await make(here)).set(null, data);
      // 3 x 5 inner chunks of 32x16 cover the 96x80 array (the rest of the edge shards lies
      // past its end and is not stored), each encoded once, on this thread.
      expect(XorCodec.threads).toEqual(new Array(15).fill(0));
      expect([...viaWorkers.map.keys()].sort()).toEqual([...here.map.keys()].sort());
      for (const [k, v] of here.map) expect(viaWorkers.map.get(k), k).toEqual(v);
      expect(Array.from((await z.get(null)).data as Int32Array)).toEqual(Array.from(data));
    } finally {
      configureWorkers(prev);
    }
  });

  it("decodes into shared memory, scattering in the worker", async () => {
    const p = new ChunkPipeline(chainOf(defaultExecutor()));
    const data = ramp(32);
    const stored = await p.encode(data, "0");
    // Scatter the 8x4 chunk (its layout) transposed back into a 4x8 C-ordered output.
    const out = new Int32Array(new SharedArrayBuffer(32 * 4));
    const plan = {
      counts: [8, 4],
      srcOffset: 0,
      srcStrides: [4, 1],
      dstOffset: 0,
      dstStrides: [1, 8],
    };
    expect(await p.decodeIntoShared(stored, "0", out, plan)).toBe(true);
    const expected = new Int32Array(32);
    for (let r = 0; r < 8; r++) for (let c = 0; c < 4; c++) expected[c * 8 + r] = data[r * 4 + c]!;
    expect(out).toEqual(expected);
    expect(await p.decodeIntoShared(stored, "0", new Int32Array(32), plan)).toBe(false);
  });
});
