import { type ChunkInfo, getCodec } from "@zarrkit/core";
import { type ObjectCodecReference, objectCodecReference } from "@zarrkit/codec-test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { JSONCodec, type JSONOptions } from "../src/index.js";

/**
 * Each case is written twice by hand: as a Python literal that numcodecs encodes, and as the
 * JS values we expect to decode from it (and to encode to the same bytes).
 */
interface Case {
  name: string;
  options: JSONOptions;
  py: string;
  js: unknown[];
  shape?: number[];
}

const CASES: Case[] = [
  {
    name: "scalars",
    options: {},
    py: "['a', 1, -7, 2.5, None, True, False, '', 0.1, -0.0, 1e-05, 1e16, 123456.789]",
    js: ["a", 1, -7, 2.5, null, true, false, "", 0.1, -0, 1e-5, 1e16, 123456.789],
  },
  {
    name: "nested lists and dicts, keys sorted by code point",
    options: {},
    py: "[[1, [2, []]], {'b': 1, 'a': [None, {}], 'é': 2, '\\U0001F600': 3, '\uffff': 4}, {}]",
    js: [[1, [2, []]], { b: 1, a: [null, {}], é: 2, "😀": 3, "\uffff": 4 }, {}],
  },
  {
    name: "escapes with ensure_ascii",
    options: {},
    py: "['héllo', '日本', '🙂', 'tab\\tnl\\n\"q\"\\\\', '\\x00\\x1f\\x7f', '\\ud800']",
    js: ["héllo", "日本", "🙂", 'tab\tnl\n"q"\\', "\u0000\u001f\u007f", "\ud800"],
  },
  {
    name: "NaN, infinities and big integers",
    options: {},
    py: "[float('nan'), float('inf'), -float('inf'), 2**70, -(2**64), 2**53 + 1]",
    js: [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      2n ** 70n,
      -(2n ** 64n),
      2n ** 53n + 1n,
    ],
  },
  {
    name: "2-d chunk",
    options: {},
    py: "['a', 'b', 'c', 1, 2, 3]",
    js: ["a", "b", "c", 1, 2, 3],
    shape: [2, 3],
  },
  {
    name: "indent 2, unsorted keys, not ascii",
    options: { indent: 2, sort_keys: false, ensure_ascii: false },
    py: "[{'z': 1, 'a': [1, 2]}, 'é😀', [], {}]",
    js: [{ z: 1, a: [1, 2] }, "é😀", [], {}],
  },
  {
    name: "indent string and own separators, latin-1",
    options: { indent: "\t", separators: [" ,", " : "], encoding: "latin-1", ensure_ascii: false },
    py: "[{'k': 'ÿé'}, [1, 2]]",
    js: [{ k: "ÿé" }, [1, 2]],
  },
  {
    name: "indent 0",
    options: { indent: 0 },
    py: "[[1], 'x']",
    js: [[1], "x"],
  },
  { name: "empty chunk", options: {}, py: "[]", js: [] },
];

const CONFIGS: JSONOptions[] = [
  {},
  { indent: 2, ensure_ascii: false, encoding: "latin-1" },
  { indent: "\t", separators: [";", "="], sort_keys: false, strict: false, skipkeys: true },
  { allow_nan: false, check_circular: false, encoding: "ascii" },
];

const info = (shape: number[]): ChunkInfo => ({ dtype: "|O", itemsize: 8, shape });
const shapeOf = (c: Case) => c.shape ?? [c.js.length];
const ours = CASES.map((c) => new JSONCodec(c.options).encode(c.js, info(shapeOf(c))));
let ref: ObjectCodecReference;

beforeAll(() => {
  const cases = CASES.map((c, i) => ({ ...c, shape: shapeOf(c), ours: ours[i]! }));
  ref = objectCodecReference("json2", CONFIGS, cases);
});

describe("JSON (json2) against numcodecs 0.11", () => {
  it("prints and configures as numcodecs does", () => {
    CONFIGS.forEach((cfg, i) => {
      const codec = JSONCodec.fromConfig({ id: "json2", ...cfg } as never);
      expect(String(codec)).toBe(ref.reprs[i]!.repr);
      expect(codec.toConfig()).toEqual(ref.reprs[i]!.config);
      // and the stored config builds the same codec back
      expect(String(JSONCodec.fromConfig(codec.toConfig()))).toBe(ref.reprs[i]!.repr);
    });
    expect(String(new JSONCodec())).toBe(
      "JSON(encoding='utf-8', allow_nan=True, check_circular=True, ensure_ascii=True,\n" +
        "     indent=None, separators=(',', ':'), skipkeys=False, sort_keys=True,\n" +
        "     strict=True)",
    );
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("%s: same bytes both ways", (_n, i) => {
    const c = CASES[i]!;
    const r = ref.cases[i]!;
    const theirs = r.theirs;
    expect(new TextDecoder("latin1").decode(ours[i]!)).toBe(
      new TextDecoder("latin1").decode(theirs),
    );
    const codec = new JSONCodec(c.options);
    expect(codec.decode(theirs, undefined, info(shapeOf(c)))).toEqual(c.js);
    expect(r.same, `numcodecs decoded ours as ${r.oursRepr}`).toBe(true);
    expect(r.oursShape).toEqual(shapeOf(c));
  });

  it("writes the dtype and shape after the items, as numcodecs does", () => {
    const bytes = new JSONCodec().encode(["a", 1, null, 2], info([2, 2]));
    expect(new TextDecoder().decode(bytes)).toBe('[["a",1],[null,2],"|O",[2,2]]');
  });
});

describe("JSON errors", () => {
  const codec = new JSONCodec();
  const text = (s: string) => new TextEncoder().encode(s);

  it("refuses values JSON cannot hold", () => {
    expect(() => codec.encode(["a", new Uint8Array(2)])).toThrow(
      /json2: item 1 is a Uint8Array, which is not JSON serializable/,
    );
    expect(() => codec.encode([1, 2, new Map()], info([3]))).toThrow(/item 2 is a Map/);
    const loop: unknown[] = [];
    loop.push(loop);
    expect(() => codec.encode([loop])).toThrow(/json2: item 0 contains a circular reference/);
    expect(() => new JSONCodec({ allow_nan: false }).encode([1, Number.NaN])).toThrow(
      /json2: item 1 is NaN, and allow_nan is false/,
    );
    expect(() => new JSONCodec({ ensure_ascii: false }).encode(["\ud800"])).toThrow(
      /json2: a string holds a lone surrogate/,
    );
    expect(() => new JSONCodec({ encoding: "ascii", ensure_ascii: false }).encode(["é"])).toThrow(
      /json2: character U\+00e9 cannot be encoded in ascii/,
    );
    expect(() => codec.encode(new Uint8Array(3))).toThrow(/json2: expects a JS array/);
    expect(() => codec.encode(["a"], { dtype: "<c16", itemsize: 16, shape: [1] })).toThrow(
      /json2: encodes dtype "\|O" arrays and bool, integer or float arrays, got <c16 data/,
    );
    expect(() => codec.encode(["a"], { dtype: "<f8", itemsize: 8, shape: [1] })).toThrow(
      /json2: expects the chunk's bytes for a <f8 array/,
    );
  });

  it("reports corrupt chunks", () => {
    expect(() => codec.decode(text('["a",'))).toThrow(/json2: invalid JSON at character 5/);
    expect(() => codec.decode(text('["a","|O",[1]] x'))).toThrow(/extra data after the JSON/);
    expect(() => codec.decode(text('{"a":1}'))).toThrow(
      /json2: corrupt chunk, expected a list ending in the dtype and the shape, got object/,
    );
    expect(() => codec.decode(text('["a",1,[1]]'))).toThrow(
      /second-last element must be the dtype/,
    );
    expect(() => codec.decode(text('["a","|O",[-1]]'))).toThrow(/last element must be the shape/);
    expect(() => codec.decode(text('["a","b","|O",[3]]'))).toThrow(
      /its elements should be a list of 3 for shape \[3\], got a list of 2/,
    );
    expect(() => codec.decode(text('[["a"],["b","c"],"|O",[2,2]]'))).toThrow(
      /row \[0\] should be a list of 2/,
    );
    expect(() => codec.decode(text('["a","|O",[1]]'), undefined, info([2]))).toThrow(
      /json2: the chunk has shape \[1\] \(1 elements\), the array expects 2 elements per chunk/,
    );
    expect(() => codec.decode(text('[1.5,"<f8",[1]]'), undefined, info([1]))).toThrow(
      /json2: the chunk holds dtype "<f8", the array expects "\|O"/,
    );
    expect(() =>
      codec.decode(text('[1,"a","<i4",[2]]'), undefined, { dtype: "<i4", itemsize: 4, shape: [2] }),
    ).toThrow(/json2: element 1 of a <i4 chunk is "a", not a number/);
    expect(() => codec.decode(Uint8Array.of(0x5b, 0xff, 0x5d))).toThrow(/not valid UTF-8/);
    expect(() => codec.decode(text('["a\tb","|O",[1]]'))).toThrow(/control character/);
    expect(new JSONCodec({ strict: false }).decode(text('["a\tb","|O",[1]]'))).toEqual(["a\tb"]);
  });

  it("names the bad option", () => {
    expect(() => new JSONCodec({ indent: 1.5 })).toThrow(/json2: indent must be null/);
    expect(() => new JSONCodec({ encoding: "utf-16" })).toThrow(
      /json2: encoding "utf-16" is not supported/,
    );
    expect(() => new JSONCodec({ sort_keys: 1 } as never)).toThrow(/json2: sort_keys must be true/);
    expect(() => new JSONCodec({ separators: [","] } as never)).toThrow(/json2: separators/);
    expect(() => JSONCodec.fromConfig({ id: "json2", colour: 1 })).toThrow(
      /json2: unknown configuration key "colour"/,
    );
    expect(() => JSONCodec.fromConfig({ id: "msgpack2" })).toThrow(/id is "msgpack2"/);
  });
});

describe("registration", () => {
  it("registers json2", async () => {
    const c = await getCodec({ id: "json2", indent: 4 });
    expect(c).toBeInstanceOf(JSONCodec);
    expect((c as JSONCodec).indent).toBe(4);
  });
});
