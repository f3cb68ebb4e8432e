import { runPythonJson } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";
import {
  MetadataError,
  PyFloat,
  parseJson,
  pyJsonDumps,
  ZARR_JSON_DUMPS,
  ZarrError,
} from "../src/index.js";
import {
  compareCodePoints,
  decodeJson,
  type PyJsonDumpsOptions,
  parsePyJson,
  toPlain,
  toPyJson,
} from "../src/metadata/json.js";

const bytes = (text: string) => new TextEncoder().encode(text);

// Written by Python: json.dumps(doc, indent=4, sort_keys=True, ensure_ascii=True,
// separators=(",", ": ")) for the dict in the comment of each case.
const PY_TEXT = `{
    "big": 1152921504606846977,
    "empty_dict": {},
    "empty_list": [],
    "f": 1.0,
    "huge": 1e+300,
    "inf": Infinity,
    "list": [
        1.0,
        2,
        -Infinity,
        [
            NaN,
            -0.0
        ]
    ],
    "nan": NaN,
    "neg_big": -1152921504606846977,
    "neg_inf": -Infinity,
    "nz": -0.0,
    "tiny": 5e-324,
    "\\u00e9t\\u00e9": "\\u2713 \\ud83d\\ude00"
}`;

describe("reading Python's json", () => {
  it("reads NaN, +-Infinity as numbers, wide integers as bigints, floats as numbers", () => {
    const v = decodeJson(bytes(PY_TEXT), "g/.zattrs") as Record<string, unknown>;
    expect(v.big).toBe(1152921504606846977n);
    expect(v.neg_big).toBe(-1152921504606846977n);
    expect(v.f).toBe(1);
    expect(Number.isNaN(v.nan)).toBe(true);
    expect(v.inf).toBe(Number.POSITIVE_INFINITY);
    expect(v.neg_inf).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(v.nz, -0)).toBe(true);
    expect(v.tiny).toBe(Number.MIN_VALUE);
    expect(v.huge).toBe(1e300);
    expect(v.empty_dict).toEqual({});
    expect(v.empty_list).toEqual([]);
    expect(v.été).toBe("✓ 😀");
    const list = v.list as unknown[];
    expect(list.slice(0, 3)).toEqual([1, 2, Number.NEGATIVE_INFINITY]);
    expect(Number.isNaN((list[3] as number[])[0])).toBe(true);
    expect(Object.is((list[3] as number[])[1], -0)).toBe(true);
  });

  it("keeps integers within 2^53 as numbers and reads -0 (an int) as 0", () => {
    const v = toPlain(parsePyJson("[9007199254740991, -9007199254740991, 9007199254740992, -0]"));
    expect(v).toEqual([9007199254740991, -9007199254740991, 9007199254740992n, 0]);
    expect(Object.is((v as number[])[3], 0)).toBe(true);
  });

  it("writes a parsed document back byte for byte", () => {
    expect(pyJsonDumps(parsePyJson(PY_TEXT))).toBe(PY_TEXT);
  });

  it("keeps a __proto__ key as an ordinary key", () => {
    const v = toPlain(parsePyJson('{"__proto__": {"polluted": 1}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(pyJsonDumps(parsePyJson('{"__proto__": 1}'))).toBe('{\n    "__proto__": 1\n}');
  });

  it("refuses what Python's json refuses, naming the key, line and column", () => {
    const bad: [string, RegExp][] = [
      ['{\n    "a": 01\n}', /foo\/bar\/\.zattrs: invalid JSON at line 2 column 11/],
      ["[1.]", /invalid JSON at line 1 column 3/],
      ["[nan]", /expected a value/],
      ['{"a": 1,}', /expected a key/],
      ['["tab\there"]', /control character U\+0009/],
      ["[1] [2]", /extra data/],
      ["", /unexpected end of input/],
      ['"\\x"', /invalid escape/],
    ];
    for (const [text, message] of bad) {
      expect(() => decodeJson(bytes(text), "foo/bar/.zattrs"), text).toThrow(message);
      expect(() => decodeJson(bytes(text), "foo/bar/.zattrs"), text).toThrow(MetadataError);
    }
    expect(() => decodeJson(new Uint8Array([0x22, 0xff, 0x22]), "a/.zarray")).toThrow(
      "a/.zarray: not valid UTF-8",
    );
  });
});

describe("writing values as Python's json writes them", () => {
  const dump = (v: unknown) => pyJsonDumps(toPyJson(v));

  it("writes safe integers as ints and other numbers as floats", () => {
    expect(dump(3)).toBe("3");
    expect(dump(-0)).toBe("-0.0");
    expect(dump(0.5)).toBe("0.5");
    expect(dump(2 ** 60)).toBe("1.152921504606847e+18");
    expect(dump(-(2 ** 53))).toBe("-9007199254740992.0");
    expect(dump(1e300)).toBe("1e+300");
    expect(dump(Number.MIN_VALUE)).toBe("5e-324");
    expect(dump(Number.NaN)).toBe("NaN");
    expect(dump(Number.NEGATIVE_INFINITY)).toBe("-Infinity");
    expect(dump(10n ** 30n)).toBe("1000000000000000000000000000000");
    expect(dump(-5n)).toBe("-5");
    expect(dump(new PyFloat(2))).toBe("2.0");
  });

  it("sorts keys by code point, as Python does", () => {
    expect(dump({ "\u{1F600}": 1, "\uffff": 2, b: 3, B: 4 })).toBe(
      '{\n    "B": 4,\n    "b": 3,\n    "\\uffff": 2,\n    "\\ud83d\\ude00": 1\n}',
    );
    expect(compareCodePoints("\u{1F600}", "\uffff")).toBeGreaterThan(0);
    expect(compareCodePoints("a", "ab")).toBeLessThan(0);
  });

  it("drops undefined object members, as JSON.stringify does", () => {
    expect(dump({ a: 1, b: undefined })).toBe('{\n    "a": 1\n}');
  });

  it("refuses values JSON cannot hold, naming where they are", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    // biome-ignore lint/suspicious/noSparseArray: a hole is the case under test
    const sparse = [1, , 3];
    const cases: [unknown, RegExp][] = [
      [{ f: () => 1 }, /^v\.f is a function/],
      [{ list: [1, Symbol("s")] }, /^v\.list\[1\] is a symbol/],
      [cyclic, /^v\.self\.back is a reference cycle/],
      [{ "odd key": [undefined] }, /^v\["odd key"\]\[0\] is undefined/],
      [{ s: sparse }, /^v\.s\[1\] is a hole in a sparse array/],
      [{ d: new Date(0) }, /^v\.d is a Date/],
      [{ m: new Map() }, /^v\.m is a Map/],
      [{ u: new Uint8Array(2) }, /^v\.u is a Uint8Array/],
      [undefined, /^v is undefined/],
    ];
    for (const [value, message] of cases) {
      expect(() => toPyJson(value, undefined, "v")).toThrow(message);
      expect(() => toPyJson(value, undefined, "v")).toThrow(ZarrError);
    }
  });

  it("keeps a value's Python form wherever the new value is equal at the same position", () => {
    const old = parsePyJson('[1.0, 2, {"x": 1.0, "y": -0.0, "n": NaN}, 3.5]');
    const next = toPyJson([1, 2, { x: 1, y: -0, n: Number.NaN, z: 1 }, 4, 1], old);
    expect(pyJsonDumps(next)).toBe(
      pyJsonDumps(parsePyJson('[1.0, 2, {"n": NaN, "x": 1.0, "y": -0.0, "z": 1}, 4, 1]')),
    );
    // An equal float where Python had an int stays an int; a changed one follows the new value.
    expect(pyJsonDumps(toPyJson([2, 3, 0.5], parsePyJson("[2, 3.0, 1]")))).toBe(
      "[\n    2,\n    3.0,\n    0.5\n]",
    );
    // A bigint always asks for an int, even where Python had an equal float.
    expect(pyJsonDumps(toPyJson(1n, parsePyJson("1.0")))).toBe("1");
  });
});

describe("json.dumps' and json.loads' other options, against Python's json", () => {
  // Parsed by both sides from the same text, so each holds 1.0 as a float and 2**70 as an int.
  const DOC = `{"b": [1.0, 2, {}, [], -0.0, 1e-07, 1180591620717411303424, NaN],
    "a": {"\\u00e9t\\u00e9": "\\u2713 \\ud83d\\ude00 tab\\t \\u007f", "\\uffff": null, "\\ud83d\\ude00": true},
    "Z": [[1], {"k": "v"}], "": "quote \\" backslash \\\\"}`;
  const OPTIONS: PyJsonDumpsOptions[] = [
    { indent: null, separators: [",", ":"] },
    { indent: null, separators: [", ", ": "], sort_keys: false, ensure_ascii: false },
    { indent: 2, separators: [",", ": "], ensure_ascii: false },
    { indent: "\t", separators: [" ,", " : "], sort_keys: false },
    { indent: 0, separators: [",", ": "] },
  ];
  const python = runPythonJson<string[]>(
    `import json, sys
spec = json.load(sys.stdin)
doc = json.loads(spec["doc"])
print(json.dumps([json.dumps(doc, **o) for o in spec["options"]]))`,
    JSON.stringify({ doc: DOC, options: OPTIONS }),
  );

  it.each(OPTIONS.map((o, i) => [JSON.stringify(o), i] as const))(
    "writes %s as Python does",
    (_name, i) => {
      expect(pyJsonDumps(parsePyJson(DOC), OPTIONS[i])).toBe(python[i]);
    },
  );

  it("writes zarr-python's metadata setting by default", () => {
    const doc = parsePyJson(DOC);
    expect(pyJsonDumps(doc)).toBe(pyJsonDumps(doc, ZARR_JSON_DUMPS));
    expect(pyJsonDumps({ a: [1] })).toBe('{\n    "a": [\n        1\n    ]\n}');
  });

  it("writes -0 and integral numbers beyond 2^53 as floats when asked, as ints by default", () => {
    const values = [-0, 2 ** 60, 3, 1.5];
    expect(pyJsonDumps([-0, 3, 1.5], { indent: null, separators: [",", ":"] })).toBe("[0,3,1.5]");
    expect(
      pyJsonDumps(values, {
        indent: null,
        separators: [",", ":"],
        unsafe_integers_as_floats: true,
      }),
    ).toBe("[-0.0,1.152921504606847e+18,3,1.5]");
  });

  it("refuses NaN without allow_nan, a cycle and other objects, through the error hook", () => {
    const paths: string[] = [];
    const error = (path: readonly (string | number)[], problem: { reason: string }) => {
      paths.push(`${path.join("/")}:${problem.reason}`);
      return new ZarrError("refused");
    };
    expect(() => pyJsonDumps({ x: [1, Number.NaN] }, { allow_nan: false, error })).toThrow(
      ZarrError,
    );
    expect(() =>
      pyJsonDumps([new PyFloat(Number.POSITIVE_INFINITY)], { allow_nan: false, error }),
    ).toThrow("refused");
    const loop: unknown[] = [1];
    loop.push({ again: loop });
    expect(() => pyJsonDumps(loop, { error })).toThrow("refused");
    expect(() => pyJsonDumps({ m: new Map() }, { error })).toThrow("refused");
    expect(paths).toEqual(["x/1:nan", "0:nan", "1/again:circular", "m:type"]);
    // without a hook: a TypeError naming the path
    expect(() => pyJsonDumps({ m: [new Map()] })).toThrow(
      new TypeError(".m[0] is not JSON-serializable (Map)"),
    );
    expect(() => pyJsonDumps(loop)).toThrow(
      new TypeError("[1].again contains a circular reference"),
    );
  });

  it("reads control characters in strings with strict false, and stops at maxDepth", () => {
    expect(parseJson('["a\tb"]', "k", { strict: false })).toEqual(["a\tb"]);
    expect(() => parseJson('["a\tb"]', "k")).toThrow(/k: invalid JSON .*control character U\+0009/);
    expect(parseJson("[[[1]]]", "k", { maxDepth: 3 })).toEqual([[[1]]]);
    expect(() => parseJson("[[[[1]]]]", "k", { maxDepth: 3 })).toThrow(
      "k: invalid JSON at line 1 column 5: nested deeper than 3 levels",
    );
    const error = (at: { offset: number; line: number; column: number }, what: string) =>
      new ZarrError(`at ${at.offset} (${at.line}:${at.column}): ${what}`);
    expect(() => parseJson("[1,\n x]", "k", { error })).toThrow("at 5 (2:2): expected a value");
  });
});
