// Delta in Zarr v3: `numcodecs.delta` with the numcodecs config (no v3 name), NumPy dtype
// spellings as zarr-python 3.1 writes them (`"int32"`) read as NumPy reads them and written
// back as read, and the fixture chunks zarr-python 3.1 wrote with it, decoded by hand.
import { type ChunkInfo, codecConfigFromV3, codecConfigToV3, getCodec } from "@zarrkit/core";
import {
  payload,
  rawValues,
  reference,
  untranspose,
  v3Fixture,
  v3FixturesUsing,
} from "@zarrkit/codec-test-utils";
import { runPythonJson } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";
import { Delta } from "../src/index.js";

const info: ChunkInfo = { dtype: "<i4", itemsize: 4, shape: [4] };

/** Every spelling of a numeric type NumPy 1.24 reads, short and long. */
const SPELLINGS = [
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "float16",
  "float32",
  "float64",
  "i1",
  "i2",
  "i4",
  "i8",
  "u1",
  "u2",
  "u4",
  "u8",
  "f2",
  "f4",
  "f8",
  "<i4",
  ">i4",
  "=i4",
  "|u1",
  ">f8",
  "b",
  "B",
  "h",
  "H",
  "i",
  "I",
  "l",
  "L",
  "q",
  "Q",
  "p",
  "P",
  "e",
  "f",
  "d",
  "<i",
  ">d",
  "=f",
  "|i",
  ">b",
  "byte",
  "ubyte",
  "short",
  "ushort",
  "intc",
  "uintc",
  "long",
  "ulong",
  "longlong",
  "ulonglong",
  "int",
  "int_",
  "intp",
  "uint",
  "uintp",
  "half",
  "single",
  "double",
  "float",
  "float_",
];

describe("delta in Zarr v3", () => {
  it("is written numcodecs.delta with the numcodecs config, and read back", async () => {
    const v3 = codecConfigToV3(new Delta({ dtype: "<i4", astype: "<i2" }).toConfig(), info);
    expect(v3).toEqual({
      name: "numcodecs.delta",
      configuration: { dtype: "<i4", astype: "<i2" },
    });
    const config = codecConfigFromV3(v3, info, "codecs[0]");
    expect(config).toEqual({ id: "delta", dtype: "<i4", astype: "<i2" });
    expect(((await getCodec(config)) as Delta).astype.str).toBe("<i2");
  });

  it("keeps zarr-python's spelling of the dtype when the config is written back", async () => {
    const f = v3Fixture("1d.contiguous.delta.i4");
    const written = f.meta.codecs[0]!;
    expect(written).toEqual({ name: "numcodecs.delta", configuration: { dtype: "int32" } });
    const config = codecConfigFromV3(written, info, "codecs[0]");
    expect(config).toEqual({ id: "delta", dtype: "int32" });
    expect(codecConfigToV3(config, info)).toEqual(written);
    const codec = (await getCodec(config)) as Delta;
    expect(codec.dtype.str).toBe("<i4");
    expect(codec.astype.str).toBe("<i4");
  });

  it("reads every NumPy spelling of a numeric dtype as NumPy does", () => {
    const numpy = runPythonJson<string[]>(
      `import json, sys, numpy as np
print(json.dumps([np.dtype(n).str for n in json.load(sys.stdin)]))`,
      JSON.stringify(SPELLINGS),
    );
    const ours = SPELLINGS.map((d) => new Delta({ dtype: d }).dtype.str);
    expect(Object.fromEntries(SPELLINGS.map((d, i) => [d, ours[i]]))).toEqual(
      Object.fromEntries(SPELLINGS.map((d, i) => [d, numpy[i]])),
    );
  });

  it("refuses a spelling NumPy does not read, naming the field", () => {
    expect(() => new Delta({ dtype: "int33" })).toThrow(
      'delta: "dtype": unsupported dtype "int33"',
    );
    expect(() => new Delta({ dtype: "<i4", astype: "Int32" })).toThrow('delta: "astype"');
  });

  it("encodes as numcodecs does with the same spelled config", async () => {
    const cases = [
      { config: { id: "delta", dtype: "int16", astype: "int8" }, dtype: "<i2" },
      { config: { id: "delta", dtype: "double" }, dtype: "<f8" },
      { config: { id: "delta", dtype: "uint32", astype: "l" }, dtype: "<u4" },
    ].map((c, i) => ({ ...c, data: payload(c.dtype, 300, 40 + i, 1000) }));
    const ref = reference(
      cases.map((c) => c.config),
      cases,
    );
    for (let i = 0; i < cases.length; i++) {
      const codec = await getCodec(cases[i]!.config);
      const c = cases[i]!;
      const ours = await codec.encode(c.data, {
        dtype: c.dtype,
        itemsize: Number(c.dtype.slice(2)),
        shape: [300],
      });
      expect(ours, JSON.stringify(c.config)).toEqual(ref.results[i]!.theirs);
      // numcodecs normalises the spelling in its own config; so does toConfig (v2 writes it).
      expect(codec.toConfig()).toEqual(ref.reprs[i]!.config);
    }
  });
});

describe("zarr-python 3.1's delta chunks (fixtures/zarr-v3)", () => {
  const arrays = v3FixturesUsing("numcodecs.delta");

  it("covers the fixture arrays that use delta", () => {
    expect(arrays.map((e) => e.array)).toEqual([
      "1d.contiguous.delta.i4",
      "3d.contiguous.delta.i4.mixed",
    ]);
  });

  for (const entry of arrays) {
    it(`decodes ${entry.array}`, async () => {
      const f = v3Fixture(entry.array);
      const codecs = f.meta.codecs;
      const transpose = codecs.find((c) => c.name === "transpose");
      const delta = codecs.find((c) => c.name === "numcodecs.delta")!;
      expect(codecs[codecs.length - 1]).toEqual({
        name: "bytes",
        configuration: { endian: "little" },
      });
      const shape = f.meta.shape;
      const codec = await getCodec(codecConfigFromV3(delta, info, "codecs"));
      // One chunk, no compressor: the file is the little-endian differences, in the order the
      // transpose before delta left the elements in.
      const bytes = f.chunk(`c/${shape.map(() => 0).join("/")}`)!;
      const decoded = (await codec.decode(bytes)) as Uint8Array;
      const stored = rawValues(
        new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength),
        "int32",
      );
      const values = transpose
        ? untranspose(stored, shape, transpose.configuration!.order as number[])
        : stored;
      expect(values).toEqual(entry.values);
    });
  }
});
