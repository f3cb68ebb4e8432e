import { type ChunkInfo, getCodec } from "@zarrkit/core";
import { runPythonJson } from "@zarrkit/test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { VLenArray } from "../src/index.js";

/**
 * Each case is written by hand three ways: the Python items numcodecs encodes, the JS items
 * we encode (the same values), and the typed arrays we expect to decode.
 */
interface Case {
  name: string;
  dtype: string;
  py: string;
  js: unknown[];
  decoded: unknown[];
}

const CASES: Case[] = [
  {
    name: "<i4 with None, casts and scalars",
    dtype: "<i4",
    py: "[np.array([1, 2], 'i4'), None, [3.7, -3.7], [], 5, [2**31 - 1, -2**31]]",
    js: [Int32Array.of(1, 2), null, [3.7, -3.7], [], 5, [2 ** 31 - 1, -(2 ** 31)]],
    decoded: [
      Int32Array.of(1, 2),
      new Int32Array(0),
      Int32Array.of(3, -3),
      new Int32Array(0),
      Int32Array.of(5),
      Int32Array.of(2 ** 31 - 1, -(2 ** 31)),
    ],
  },
  {
    name: ">f8, big-endian, with NaN, infinity and -0",
    dtype: ">f8",
    py: "[[1.5, -0.0, float('nan'), float('inf')], [], [1e-300]]",
    js: [Float64Array.of(1.5, -0, Number.NaN, Number.POSITIVE_INFINITY), [], [1e-300]],
    decoded: [
      Float64Array.of(1.5, -0, Number.NaN, Number.POSITIVE_INFINITY),
      new Float64Array(0),
      Float64Array.of(1e-300),
    ],
  },
  {
    name: "<i8 from bigints and numbers",
    dtype: "<i8",
    py: "[[2**62, -1], [1], None]",
    js: [BigInt64Array.of(2n ** 62n, -1n), [1], undefined],
    decoded: [BigInt64Array.of(2n ** 62n, -1n), BigInt64Array.of(1n), new BigInt64Array(0)],
  },
  {
    name: "|b1 from booleans",
    dtype: "|b1",
    py: "[[True, False, True], [False]]",
    js: [[true, false, true], [false]],
    decoded: [Uint8Array.of(1, 0, 1), Uint8Array.of(0)],
  },
  {
    name: "<u2 from a Uint16Array",
    dtype: "<u2",
    py: "[[0, 65535, 258]]",
    js: [Uint16Array.of(0, 65535, 258)],
    decoded: [Uint16Array.of(0, 65535, 258)],
  },
  {
    name: "<f2 (half floats, held as Float32Array)",
    dtype: "<f2",
    py: "[[0.5, 65504.0, -2.0]]",
    js: [Float32Array.of(0.5, 65504, -2)],
    decoded: [Float32Array.of(0.5, 65504, -2)],
  },
  {
    name: "<c16 (complex as [re, im])",
    dtype: "<c16",
    py: "[[1+2j, complex(0, -3.5)]]",
    js: [
      [
        [1, 2],
        [0, -3.5],
      ],
    ],
    decoded: [Float64Array.of(1, 2, 0, -3.5)],
  },
  { name: "empty chunk", dtype: "<i4", py: "[]", js: [], decoded: [] },
];

const CONFIGS = ["<i4", ">f8", "int16", "|b1", "u1", "float32"];

const SCRIPT = `
import base64, json, sys
import numpy as np, numcodecs
spec = json.load(sys.stdin)
out = {"reprs": [], "cases": []}
for dt in spec["configs"]:
    c = numcodecs.get_codec({"id": "vlen-array", "dtype": dt})
    out["reprs"].append({"repr": repr(c), "config": c.get_config()})
for case in spec["cases"]:
    c = numcodecs.VLenArray(case["dtype"])
    vals = eval(case["py"])
    a = np.empty(len(vals), dtype=object)
    for i, v in enumerate(vals):
        a[i] = v
    theirs = bytes(c.encode(a))
    want = c.decode(theirs)
    ours = c.decode(base64.b64decode(case["ours"]))
    out["cases"].append({
        "theirs": base64.b64encode(theirs).decode(),
        "same": len(ours) == len(want) and all(
            x.dtype == y.dtype and x.tobytes() == y.tobytes() for x, y in zip(ours, want)),
        "oursRepr": repr(ours),
    })
print(json.dumps(out))
`;

interface Ref {
  reprs: { repr: string; config: Record<string, unknown> }[];
  cases: { theirs: string; same: boolean; oursRepr: string }[];
}

const info = (n: number): ChunkInfo => ({ dtype: "|O", itemsize: 8, shape: [n] });
const ours = CASES.map((c) => new VLenArray(c.dtype).encode(c.js, info(c.js.length)));
let ref: Ref;

beforeAll(() => {
  const spec = {
    configs: CONFIGS,
    cases: CASES.map((c, i) => ({
      dtype: c.dtype,
      py: c.py,
      ours: Buffer.from(ours[i]!).toString("base64"),
    })),
  };
  ref = runPythonJson<Ref>(SCRIPT, JSON.stringify(spec));
});

describe("VLenArray (vlen-array) against numcodecs 0.11", () => {
  it("prints and configures as numcodecs does (dtype normalised)", () => {
    CONFIGS.forEach((dtype, i) => {
      const codec = VLenArray.fromConfig({ id: "vlen-array", dtype });
      expect(String(codec)).toBe(ref.reprs[i]!.repr);
      expect(codec.toConfig()).toEqual(ref.reprs[i]!.config);
    });
    expect(String(new VLenArray("int16"))).toBe("VLenArray(dtype='<i2')");
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("%s: same bytes both ways", (_n, i) => {
    const c = CASES[i]!;
    const r = ref.cases[i]!;
    const theirs = new Uint8Array(Buffer.from(r.theirs, "base64"));
    expect(Buffer.from(ours[i]!).toString("hex")).toBe(Buffer.from(theirs).toString("hex"));
    expect(new VLenArray(c.dtype).decode(theirs, undefined, info(c.js.length))).toEqual(c.decoded);
    expect(r.same, `numcodecs decoded ours as ${r.oursRepr}`).toBe(true);
  });

  it("frames items as count, then length + element bytes", () => {
    const bytes = new VLenArray("<u2").encode([Uint16Array.of(1, 258), null]);
    expect([...bytes]).toEqual([2, 0, 0, 0, 4, 0, 0, 0, 1, 0, 2, 1, 0, 0, 0, 0]);
  });

  it("copies typed-array items, so later changes do not reach the encoded chunk", () => {
    const item = Int32Array.of(7);
    const bytes = new VLenArray("<i4").encode([item]);
    item[0] = 9;
    expect(new VLenArray("<i4").decode(bytes)).toEqual([Int32Array.of(7)]);
  });
});

describe("VLenArray errors", () => {
  const codec = new VLenArray("<i4");
  it("refuses items it cannot encode", () => {
    expect(() => codec.encode([[1], "abc"])).toThrow(
      /vlen-array: expected a 1-d array of <i4 at item 1, found "abc"/,
    );
    expect(() => codec.encode([[[1, 2]]])).toThrow(/vlen-array: item 0 is not 1-dimensional/);
    expect(() => codec.encode([[1, "x"]])).toThrow(
      /vlen-array: item 0, element 1 is "x", not a <i4 value/,
    );
    expect(() => new VLenArray("<i8").encode([[Number.NaN]])).toThrow(
      /vlen-array: item 0, element 0 \(NaN\) has no <i8 value/,
    );
    expect(() => codec.encode(new Uint8Array(4))).toThrow(/vlen-array: expects a JS array/);
    expect(() => codec.encode([[1]], { dtype: "<i4", itemsize: 4, shape: [1] })).toThrow(
      /vlen-array: an object codec for dtype "\|O" arrays, got <i4/,
    );
  });

  it("reports corrupt chunks", () => {
    const bad = Uint8Array.of(1, 0, 0, 0, 3, 0, 0, 0, 1, 2, 3);
    expect(() => codec.decode(bad)).toThrow(
      /vlen-array: corrupt buffer, item 0 has 3 bytes, not a whole number of <i4 elements/,
    );
    expect(() => codec.decode(Uint8Array.of(2, 0, 0, 0, 0, 0, 0, 0))).toThrow(
      /vlen-array: corrupt buffer, data seem truncated/,
    );
    expect(() => codec.decode(codec.encode([[1]]), undefined, info(2))).toThrow(
      /holds 1 items but the chunk has 2/,
    );
  });

  it("names the bad option", () => {
    expect(() => new VLenArray("|O")).toThrow(/vlen-array: dtype "\|O" is not numeric/);
    expect(() => new VLenArray("<U3")).toThrow(/dtype "<U3" is not numeric/);
    expect(() => new VLenArray("nope")).toThrow(/vlen-array: dtype "nope"/);
    expect(() => VLenArray.fromConfig({ id: "vlen-array" } as never)).toThrow(
      /vlen-array: dtype must be a NumPy type string, got undefined/,
    );
    expect(() => VLenArray.fromConfig({ id: "vlen-array", dtype: "<i4", x: 1 })).toThrow(
      /vlen-array: unknown configuration key "x"/,
    );
    expect(() => VLenArray.fromConfig({ id: "vlen-utf8", dtype: "<i4" })).toThrow(
      /id is "vlen-utf8"/,
    );
  });

  it("registers vlen-array", async () => {
    const c = await getCodec({ id: "vlen-array", dtype: "f4" });
    expect(c).toBeInstanceOf(VLenArray);
    expect((c as VLenArray).dtype).toBe("<f4");
  });
});
