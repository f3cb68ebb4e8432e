// The chunk pipeline's bytes and transpose codecs, and an array->array numcodecs filter, against
// chunks zarr-python 3.1 wrote: /work/shared/fixtures/zarr-v3/data.zarr (see its README), the
// chunks inlined here as hex, the expected values from its MANIFEST.json (read by zarrita.js).
import { describe, expect, it } from "vitest";
import {
  type Codec,
  ChunkPipeline,
  codecConfigFromV3,
  getCodec,
  parseDataType,
} from "../src/index.js";

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));
const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** Codecs of a `zarr.json` codec list, array side through the v3 names under test. */
async function chain(
  dtypeName: string,
  chunkShape: number[],
  v3: { name: string; configuration?: Record<string, unknown> }[],
  compressor: Codec[],
  runLeadingTranspose = true,
) {
  const endian = v3.find((c) => c.name === "bytes")?.configuration?.endian;
  const dt = parseDataType(dtypeName);
  const dtype = endian === "big" ? parseDataType(`>${dt.str.slice(1)}`) : dt;
  const info = { dtype: dt.str, itemsize: dt.itemsize, shape: chunkShape, dataType: dtype };
  const codecs = await Promise.all(v3.map((c) => getCodec(codecConfigFromV3(c, info, "test"))));
  const b = codecs.findIndex((c) => c.id === "bytes");
  return new ChunkPipeline({
    dtype,
    chunkShape,
    arrayToArray: codecs.slice(0, b),
    arrayToBytes: codecs[b]!,
    bytesToBytes: compressor,
    runLeadingTranspose,
  });
}

const blosc = () => getCodec({ id: "blosc", cname: "zstd", clevel: 5, shuffle: 0, blocksize: 0 });
/** zarr-python's Blosc left these tiny chunks uncompressed: the payload follows a 16-byte header. */
const payload = (chunk: string) => chunk.slice(32);

describe("v3 chunks zarr-python 3.1 wrote", () => {
  it("3d.contiguous.delta.i4.mixed: transpose [1, 0, 2], numcodecs.delta, bytes", async () => {
    const stored =
      "000000000100000001000000070000000100000001000000070000000100000001000000efffffff0100000001000000070000000100000001000000070000000100000001000000efffffff0100000001000000070000000100000001000000070000000100000001000000";
    const codecs = [
      { name: "transpose", configuration: { order: [1, 0, 2] } },
      { name: "numcodecs.delta", configuration: { dtype: "int32" } },
      { name: "bytes", configuration: { endian: "little" } },
    ];
    const p = await chain("int32", [3, 3, 3], codecs, []);
    const values = Array.from({ length: 27 }, (_, i) => i);
    expect(Array.from((await p.decode(bytes(stored), "c/0/0/0", true)) as Int32Array)).toEqual(
      values,
    );
    expect(hexOf(await p.encode(Int32Array.from(values), "c/0/0/0"))).toBe(stored);
    // Left to the caller, the leading transpose is the layout: data in C order of [3, 3, 3]
    // permuted by [1, 0, 2], that is element [j, i, k] = values[9i + 3j + k].
    const folded = await chain("int32", [3, 3, 3], codecs, [], false);
    expect(folded.layout).toEqual([1, 0, 2]);
    const permuted: number[] = [];
    for (let j = 0; j < 3; j++)
      for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) permuted.push(9 * i + 3 * j + k);
    expect(Array.from((await folded.decode(bytes(stored), "c/0/0/0", true)) as Int32Array)).toEqual(
      permuted,
    );
    expect(hexOf(await folded.encode(Int32Array.from(permuted), "c/0/0/0"))).toBe(stored);
  });

  it("3d.chunked.mixed.i2.F: transpose [2, 1, 0], bytes, blosc", async () => {
    const chunks = [
      "0201920412000000100000002200000000000900120003000c00150006000f001800",
      "0201920412000000100000002200000001000a00130004000d001600070010001900",
      "0201920412000000100000002200000002000b00140005000e001700080011001a00",
    ];
    const codecs = [
      { name: "transpose", configuration: { order: [2, 1, 0] } },
      { name: "bytes", configuration: { endian: "little" } },
    ];
    const p = await chain("int16", [3, 3, 1], codecs, [await blosc()]);
    const raw = await chain("int16", [3, 3, 1], codecs, []);
    for (let k = 0; k < 3; k++) {
      // Chunk k holds values[:, :, k] of values = arange(27).reshape(3, 3, 3).
      const expected = Array.from({ length: 9 }, (_, i) => 9 * Math.floor(i / 3) + 3 * (i % 3) + k);
      const got = (await p.decode(bytes(chunks[k]!), `c/0/0/${k}`, true)) as Int16Array;
      expect(Array.from(got)).toEqual(expected);
      expect(hexOf(await raw.encode(Int16Array.from(expected), "k"))).toBe(payload(chunks[k]!));
    }
  });

  it("1d.contiguous.f4.be and f2.le: big-endian float32, little-endian float16", async () => {
    const be = "02019204100000001000000020000000c47a200000000000447a200000000000";
    const f4 = await chain(
      "float32",
      [4],
      [{ name: "bytes", configuration: { endian: "big" } }],
      [await blosc()],
    );
    expect(f4.dtype.str).toBe(">f4");
    expect(Array.from((await f4.decode(bytes(be), "c/0", true)) as Float32Array)).toEqual([
      -1000.5, 0, 1000.5, 0,
    ]);
    const f4raw = await chain(
      "float32",
      [4],
      [{ name: "bytes", configuration: { endian: "big" } }],
      [],
    );
    expect(hexOf(await f4raw.encode(Float32Array.from([-1000.5, 0, 1000.5, 0]), "c/0"))).toBe(
      payload(be),
    );
    const le = "02019204080000000800000018000000d1e30000d1630000";
    const f2 = await chain(
      "float16",
      [4],
      [{ name: "bytes", configuration: { endian: "little" } }],
      [await blosc()],
    );
    expect(Array.from((await f2.decode(bytes(le), "c/0", true)) as Float32Array)).toEqual([
      -1000.5, 0, 1000.5, 0,
    ]);
    const f2raw = await chain(
      "float16",
      [4],
      [{ name: "bytes", configuration: { endian: "little" } }],
      [],
    );
    expect(hexOf(await f2raw.encode(Float32Array.from([-1000.5, 0, 1000.5, 0]), "c/0"))).toBe(
      payload(le),
    );
  });
});
