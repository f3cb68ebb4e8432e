import { describe, expect, it } from "vitest";
import { CodecError, configureWorkers, create, type NdArray, slice } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";
import { XorCodec } from "./helpers/test-codecs.js";
import { useTestCodecWorkers } from "./helpers/test-workers.js";

// Inner chunks of 128 x 256 x 4 bytes = 128 KiB, above the pool's 64 KiB threshold here.
useTestCodecWorkers();

const ramp = (n: number) => Int32Array.from({ length: n }, (_, i) => i * 7 - 3);

/** The same read with the workers off: every inner chunk decoded on this thread. */
async function readHere(z: { get(sel: never): Promise<unknown> }, sel: unknown): Promise<NdArray> {
  const prev = configureWorkers({ enabled: false });
  try {
    return (await z.get(sel as never)) as NdArray;
  } finally {
    configureWorkers(prev);
  }
}

describe("v3 reads through the codec workers", () => {
  it("decodes a sharded array's inner chunks in the workers, into a shared output", async () => {
    for (const dtype of ["<i4", ">i4", "<f8"] as const) {
      // Shards of 2 x 2 inner chunks; the array's edges cut shards and inner chunks short.
      const z = await create([300, 700], {
        dtype,
        chunks: [128, 256],
        shards: [256, 512],
        zarrFormat: 3,
        fillValue: 5,
        compressor: new XorCodec(0x2c),
        store: new RecordingStore(),
      });
      const data =
        dtype === "<f8" ? Float64Array.from(ramp(300 * 700), (v) => v / 8) : ramp(300 * 700);
      await z.set(null, data);
      // Inner chunks [0, 2] and [1, 2] (columns 512-699 of rows 0-255) left at the fill
      // value: not stored, so the read fills them.
      await z.set([slice(0, 256), slice(512, 700)], 5);
      for (const sel of [null, "10:290:3, 5:", ":, 600", "-1, ::7", "100:200, 200:600"]) {
        XorCodec.threads = [];
        const viaWorkers = (await z.get(sel as never)) as NdArray;
        // Nothing decoded on this thread: the workers record their own thread ids.
        expect(XorCodec.threads, `${dtype} ${sel}`).toEqual([]);
        const here = await readHere(z, sel);
        expect(viaWorkers.shape).toEqual(here.shape);
        expect(viaWorkers.data, `${dtype} ${sel}`).toEqual(here.data);
        if (sel === null) {
          expect((viaWorkers.data as Int32Array).buffer).toBeInstanceOf(SharedArrayBuffer);
          expect((here.data as Int32Array).buffer).toBeInstanceOf(ArrayBuffer);
        }
      }
      const whole = (await z.get(null)) as NdArray;
      const values = whole.data as ArrayLike<number>;
      expect(values[5 * 700 + 600]).toBe(5);
      expect(values[299 * 700 + 699]).toBe(data[299 * 700 + 699]);
      expect(values[10 * 700 + 20]).toBe(data[10 * 700 + 20]);
    }
  });

  it("reads an unsharded v3 array (bytes + compressor) into a shared output in the workers", async () => {
    const z = await create([300, 700], {
      dtype: ">i4",
      chunks: [128, 256],
      zarrFormat: 3,
      compressor: new XorCodec(0x2c),
      store: new RecordingStore(),
    });
    const data = ramp(300 * 700);
    await z.set(null, data);
    XorCodec.threads = [];
    const viaWorkers = (await z.get(null)) as NdArray;
    expect(XorCodec.threads).toEqual([]);
    expect((viaWorkers.data as Int32Array).buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(viaWorkers.data as Int32Array)).toEqual(Array.from(data));
  });

  it("names the shard and the inner chunk when a worker fails to decode one", async () => {
    const z = await create([256, 512], {
      dtype: "<i4",
      chunks: [128, 256],
      shards: [256, 512],
      zarrFormat: 3,
      compressor: new XorCodec(0x2c),
      store: new RecordingStore(),
    });
    const data = ramp(256 * 512);
    // The first byte of inner chunk 3 (rows 128-, columns 256-) encodes to 0xff, which
    // XorCodec refuses to decode.
    data[128 * 512 + 256] = 0xd3;
    await z.set(null, data);
    XorCodec.threads = [];
    const viaWorkers = z.get(null);
    await expect(viaWorkers).rejects.toThrow(CodecError);
    await expect(viaWorkers).rejects.toThrow(
      /chunk "c\/0\/0 inner chunk 3": codec "test-xor" failed to decode: bad first byte/,
    );
    expect(XorCodec.threads).toEqual([]);
    // The other inner chunks still read, through the workers too.
    const ok = (await z.get([slice(0, 128), null])) as NdArray;
    expect(Array.from(ok.data as Int32Array)).toEqual(Array.from(data.subarray(0, 128 * 512)));
  });
});
