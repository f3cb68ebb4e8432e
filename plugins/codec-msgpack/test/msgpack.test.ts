import { type ChunkInfo, getCodec } from "@zarrkit/core";
import { type ObjectCodecReference, objectCodecReference } from "@zarrkit/codec-test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { MsgPack, type MsgPackOptions } from "../src/index.js";

/**
 * Each case is written twice by hand: as a Python literal that numcodecs encodes, and as the
 * JS values we expect to decode from it (and to encode to the same bytes). `pyDecoded` is
 * what numcodecs decodes back when it differs from the input (raw strings come back bytes).
 */
interface Case {
  name: string;
  options: MsgPackOptions;
  py: string;
  js: unknown[];
  shape?: number[];
  pyDecoded?: string;
}

const bytes = (s: string) => new TextEncoder().encode(s);

const CASES: Case[] = [
  {
    name: "scalars and every integer width",
    options: {},
    py: `['a', 1, -7, 200, -200, 70000, -70000, 2.5, None, True, False, '', 0.1, 2**40, -2**40,
      2**64 - 1, -2**63, 2**32, -2**31, -2**31 - 1, b'\\x00\\xff', 'x' * 40, 'y' * 300, 'é🙂',
      float('nan'), float('inf'), 1e300]`,
    js: [
      "a",
      1,
      -7,
      200,
      -200,
      70000,
      -70000,
      2.5,
      null,
      true,
      false,
      "",
      0.1,
      2 ** 40,
      -(2 ** 40),
      2n ** 64n - 1n,
      -(2n ** 63n),
      2 ** 32,
      -(2 ** 31),
      -(2 ** 31) - 1,
      Uint8Array.of(0, 255),
      "x".repeat(40),
      "y".repeat(300),
      "é🙂",
      Number.NaN,
      Number.POSITIVE_INFINITY,
      1e300,
    ],
  },
  {
    name: "nested lists and dicts (insertion order)",
    options: {},
    py: "[[1, [2, []]], {'b': 1, 'a': [None, {}], 'é': b'z'}, {}]",
    js: [[1, [2, []]], { b: 1, a: [null, {}], é: bytes("z") }, {}],
  },
  {
    name: "2-d chunk",
    options: {},
    py: "['a', 'b', 'c', 1, 2, 3]",
    js: ["a", "b", "c", 1, 2, 3],
    shape: [2, 3],
  },
  {
    name: "use_single_float",
    options: { use_single_float: true },
    py: "[0.5, -1.25, 'x', 3]",
    js: [0.5, -1.25, "x", 3],
  },
  {
    name: "use_bin_type false (legacy raw strings)",
    options: { use_bin_type: false },
    py: "['short', 'y' * 300, 1, None]",
    js: ["short", "y".repeat(300), 1, null],
  },
  {
    name: "raw: strings decode to bytes",
    options: { raw: true },
    py: "['ab', b'cd', 5]",
    js: [bytes("ab"), bytes("cd"), 5],
    pyDecoded: "[b'ab', b'cd', 5]",
  },
  { name: "empty chunk", options: {}, py: "[]", js: [] },
];

const CONFIGS: MsgPackOptions[] = [
  {},
  { use_single_float: true, use_bin_type: false, raw: true },
  { raw: true },
];

const info = (shape: number[]): ChunkInfo => ({ dtype: "|O", itemsize: 8, shape });
const shapeOf = (c: Case) => c.shape ?? [c.js.length];
const ours = CASES.map((c) =>
  // a raw codec writes like the default one: encode the strings as strings
  new MsgPack(c.options).encode(c.options.raw ? ["ab", bytes("cd"), 5] : c.js, info(shapeOf(c))),
);
let ref: ObjectCodecReference;

beforeAll(() => {
  const cases = CASES.map((c, i) => ({ ...c, shape: shapeOf(c), ours: ours[i]! }));
  ref = objectCodecReference("msgpack2", CONFIGS, cases, true);
});

describe("MsgPack (msgpack2) against numcodecs 0.11", () => {
  it("prints and configures as numcodecs does", () => {
    CONFIGS.forEach((cfg, i) => {
      const codec = MsgPack.fromConfig({ id: "msgpack2", ...cfg });
      expect(String(codec)).toBe(ref.reprs[i]!.repr);
      expect(codec.toConfig()).toEqual(ref.reprs[i]!.config);
    });
    expect(String(new MsgPack())).toBe(
      "MsgPack(raw=False, use_bin_type=True, use_single_float=False)",
    );
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("%s: same bytes both ways", (_n, i) => {
    const c = CASES[i]!;
    const r = ref.cases[i]!;
    const theirs = r.theirs;
    expect(Buffer.from(ours[i]!).toString("hex")).toBe(Buffer.from(theirs).toString("hex"));
    expect(new MsgPack(c.options).decode(theirs, undefined, info(shapeOf(c)))).toEqual(c.js);
    expect(r.same, `numcodecs decoded ours as ${r.oursRepr}`).toBe(true);
    expect(r.oursShape).toEqual(shapeOf(c));
  });

  it("packs the dtype and shape after the nested items, as numcodecs does", () => {
    const packed = new MsgPack().encode([1, 2, 3, 4], info([2, 2]));
    // [[1, 2], [3, 4], "|O", [2, 2]]: fixarray 4, two fixarrays, fixstr "|O", fixarray
    expect(Buffer.from(packed).toString("hex")).toBe("94920102920304a27c4f920202");
  });
});

describe("MsgPack errors", () => {
  const codec = new MsgPack();

  it("refuses values msgpack cannot hold or Python would write otherwise", () => {
    expect(() => codec.encode(["a", new Map()])).toThrow(
      /msgpack2: item 1 is a Map, which msgpack cannot serialise/,
    );
    expect(() => codec.encode([new Float32Array(2)])).toThrow(/item 0 is a Float32Array/);
    expect(() => codec.encode([2n ** 64n])).toThrow(
      /msgpack2: item 0 is 18446744073709551616, outside msgpack's 64-bit integers/,
    );
    const loop: unknown[] = [];
    loop.push(loop);
    expect(() => codec.encode([1, loop])).toThrow(/msgpack2: item 1 contains a circular reference/);
    const legacy = new MsgPack({ use_bin_type: false });
    expect(() => legacy.encode(["x".repeat(40)])).toThrow(
      /msgpack2: item 0 is a string of 40 UTF-8 bytes, which use_bin_type=false writes without str8/,
    );
    expect(() => legacy.encode([1, Uint8Array.of(1)])).toThrow(/item 1 is bytes/);
    expect(() => codec.encode(new Uint8Array(2))).toThrow(/msgpack2: expects a JS array/);
    expect(() => codec.encode(["a"], { dtype: "<M8[s]", itemsize: 8, shape: [1] })).toThrow(
      /msgpack2: encodes dtype "\|O" arrays and bool, integer or float arrays, got <M8\[s\] data/,
    );
    expect(() => codec.encode(["a"], { dtype: "<i4", itemsize: 4, shape: [1] })).toThrow(
      /msgpack2: expects the chunk's bytes for a <i4 array/,
    );
  });

  it("reports corrupt chunks", () => {
    const good = codec.encode(["a", "b"]);
    expect(() => codec.decode(good.subarray(0, good.length - 2))).toThrow(
      /msgpack2: corrupt chunk/,
    );
    expect(() => codec.decode(Uint8Array.of(0xc1))).toThrow(/msgpack2: corrupt chunk/);
    expect(() => codec.decode(Uint8Array.of(0x81, 0xa1, 0x61, 0x01))).toThrow(
      /msgpack2: corrupt chunk, expected a list ending in the dtype and the shape, got object/,
    );
    expect(() => codec.decode(good, undefined, info([3]))).toThrow(
      /msgpack2: the chunk has shape \[2\] \(2 elements\), the array expects 3 elements per chunk/,
    );
  });

  it("names the bad option", () => {
    expect(() => new MsgPack({ raw: "yes" } as never)).toThrow(
      /msgpack2: raw must be true or false/,
    );
    expect(() => MsgPack.fromConfig({ id: "msgpack2", encoding: "utf-8" })).toThrow(
      /msgpack2: unknown configuration key "encoding"/,
    );
    expect(() => MsgPack.fromConfig({ id: "json2" })).toThrow(/id is "json2"/);
  });
});

describe("registration", () => {
  it("registers msgpack2", async () => {
    const c = await getCodec({ id: "msgpack2", use_single_float: true });
    expect(c).toBeInstanceOf(MsgPack);
    expect((c as MsgPack).use_single_float).toBe(true);
  });
});
