// JSON fidelity both ways against live zarr-python: attributes and metadata holding values that
// JavaScript's JSON.parse/stringify would change (NaN, +-inf, integers beyond 2^53, 1.0, -0.0,
// non-ASCII keys, empty containers) are read as faithful values, and what zarrkit writes back
// is what Python wrote, key for key and byte for byte.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPython, runPythonJson } from "@zarrkit/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Attributes,
  consolidateMetadata,
  type Group,
  openArray,
  openConsolidated,
  openGroup,
  type ZarrArray,
} from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-json-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The corpus, in Python, and helpers: `typed` describes a value exactly, `diff` compares two. */
const PY_PRELUDE = String.raw`
import json, math, shutil, sys
import zarr
from zarr.util import json_dumps
nan = float("nan"); inf = float("inf")
CORPUS = {
    "big_pos": 2**60 + 1,
    "big_neg": -(2**70) - 3,
    "huge_int": 10**40,
    "max_safe": 2**53 - 1,
    "just_unsafe": 2**53,
    "int": -7,
    "zero": 0,
    "one_float": 1.0,
    "neg_zero": -0.0,
    "e300": 1e300,
    "denormal": 5e-324,
    "third": 1 / 3,
    "nan": nan,
    "inf": inf,
    "ninf": -inf,
    "nested": {
        "list": [1.0, [2**64, -0.0, {"deep": [nan, inf, -inf, 1e-7, -(2**63)]}], [], {}],
        "dict": {"\u00fc": "\u00f1", "\U0001F600": "\u2603", "": None, "t": True, "f": False},
    },
    "non_ascii_\u00e9": "\u00fcn\u00efc\u00f8d\u00e9 \u2713 \U0001F600 \x00 \x1f \"q\" \\",
    "\uffff": 1,
    "\U0001F600": 2.5,
    "__proto__": {"polluted": 1.0},
    "empty_list": [],
    "empty_dict": {},
    "null": None,
}
def typed(v):
    if isinstance(v, bool): return {"bool": v}
    if v is None: return {"null": None}
    if isinstance(v, int): return {"int": str(v)}
    if isinstance(v, float): return {"float": repr(v)}
    if isinstance(v, str): return {"str": v}
    if isinstance(v, list): return {"list": [typed(x) for x in v]}
    if isinstance(v, dict): return {"dict": [[k, typed(x)] for k, x in v.items()]}
    raise TypeError(type(v))
def diff(a, b, path="$"):
    if type(a) is not type(b):
        return [f"{path}: {type(a).__name__} {a!r} became {type(b).__name__} {b!r}"]
    if isinstance(a, float):
        if math.isnan(a) and math.isnan(b): return []
        if a == b and math.copysign(1, a) == math.copysign(1, b): return []
        return [f"{path}: {a!r} became {b!r}"]
    if isinstance(a, list):
        if len(a) != len(b): return [f"{path}: {a!r} became {b!r}"]
        return [m for i, (x, y) in enumerate(zip(a, b)) for m in diff(x, y, f"{path}[{i}]")]
    if isinstance(a, dict):
        if sorted(a) != sorted(b): return [f"{path}: keys {sorted(a)!r} became {sorted(b)!r}"]
        return [m for k in a for m in diff(a[k], b[k], f"{path}[{k!r}]")]
    return [] if a == b else [f"{path}: {a!r} became {b!r}"]
NODES = ["", "arr", "g/sub"]
D = sys.argv[1] if len(sys.argv) > 1 else None
`;

function py<T>(body: string, dir: string): T {
  return runPythonJson<T>(
    `import sys; sys.argv = ["x", ${JSON.stringify(dir)}]\n${PY_PRELUDE}\n${body}`,
  );
}

/** Write the hierarchy with zarr-python: the corpus as attributes of a group, an array and a subgroup. */
function pythonWrites(dir: string): Typed {
  return py<Typed>(
    `
root = zarr.open_group(D, mode="w")
root.attrs.put(CORPUS)
a = root.full("arr", shape=(3,), chunks=(2,), dtype="<u8", fill_value=2**64 - 1, compressor=None)
a.attrs.put(CORPUS)
root.full("nanfill", shape=(2,), fill_value=nan, dtype="<f8", compressor=None)
root.create_group("g/sub").attrs.put(CORPUS)
zarr.consolidate_metadata(D)
print(json.dumps(typed(CORPUS)))
`,
    dir,
  );
}

type Typed =
  | { bool: boolean }
  | { null: null }
  | { int: string }
  | { float: string }
  | { str: string }
  | { list: Typed[] }
  | { dict: [string, Typed][] };

/** The JavaScript value zarrkit documents for a Python value described by `typed`. */
function expected(t: Typed): unknown {
  if ("bool" in t) return t.bool;
  if ("null" in t) return null;
  if ("str" in t) return t.str;
  if ("int" in t) {
    const b = BigInt(t.int);
    return b >= -BigInt(Number.MAX_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(b)
      : b;
  }
  if ("float" in t) {
    const special: Record<string, number> = {
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      "-inf": Number.NEGATIVE_INFINITY,
    };
    return t.float in special ? special[t.float] : Number(t.float);
  }
  if ("list" in t) return t.list.map(expected);
  const out: Record<string, unknown> = {};
  for (const [k, v] of t.dict)
    Object.defineProperty(out, k, {
      value: expected(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/** Values set from JavaScript, and what Python must read for them. */
const JS_VALUES = {
  big: 2n ** 70n,
  neg_big: -(2n ** 64n),
  small_bigint: 5n,
  negzero: -0,
  unsafe: 2 ** 60,
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  ninf: Number.NEGATIVE_INFINITY,
  int: 3,
  float: 0.5,
  tiny: Number.MIN_VALUE,
  e300: 1e300,
  list: [1, -0, 2n ** 65n, [], {}, [Number.NaN]],
  text: "é😀\u0000",
  dropped: undefined,
};
const JS_VALUES_IN_PYTHON = `{"big": 2**70, "neg_big": -(2**64), "small_bigint": 5, "negzero": -0.0,
  "unsafe": float(2**60), "nan": nan, "inf": inf, "ninf": -inf, "int": 3, "float": 0.5,
  "tiny": 5e-324, "e300": 1e300, "list": [1, -0.0, 2**65, [], {}, [nan]], "text": "\\u00e9\\U0001F600\\x00"}`;

async function nodes(dir: string, mode: "r" | "r+"): Promise<[string, Attributes][]> {
  const root = await openGroup(dir, { mode });
  const arr = await openArray(dir, { mode, path: "arr" });
  const sub = await openGroup(dir, { mode, path: "g/sub" });
  return [
    ["", root.attrs],
    ["arr", arr.attrs],
    ["g/sub", sub.attrs],
  ];
}

describe("zarr-python's JSON read by zarrkit", () => {
  const dir = join(tmp, "read.zarr");
  let corpus: Typed;
  beforeAll(() => {
    corpus = pythonWrites(dir);
  });

  it("reads every attribute as its documented JavaScript value, for arrays and groups", async () => {
    const want = expected(corpus);
    for (const [path, attrs] of await nodes(dir, "r")) {
      expect(attrs.toJSON(), path).toStrictEqual(want);
    }
  });

  it("reads the same values through consolidated metadata", async () => {
    const want = expected(corpus);
    const root = (await openConsolidated(dir, { mode: "r" })) as Group;
    expect(root.attrs.toJSON()).toStrictEqual(want);
    expect(((await root.get("arr")) as ZarrArray).attrs.toJSON()).toStrictEqual(want);
    expect(((await root.get("g/sub")) as Group).attrs.toJSON()).toStrictEqual(want);
  });

  it("reads fill values beyond 2^53 and NaN from .zarray", async () => {
    const arr = await openArray(dir, { mode: "r", path: "arr" });
    expect(arr.fillValue).toBe(2n ** 64n - 1n);
    expect(Array.from((await arr.get()).data as BigUint64Array)).toEqual([
      2n ** 64n - 1n,
      2n ** 64n - 1n,
      2n ** 64n - 1n,
    ]);
    const nanfill = await openArray(dir, { mode: "r", path: "nanfill" });
    expect(nanfill.fillValue).toBeNaN();
  });
});

describe("zarrkit's writes read by zarr-python", () => {
  const dir = join(tmp, "write.zarr");
  beforeAll(() => {
    pythonWrites(dir);
  });

  it("changing keys leaves every other key as Python wrote it, and new values as Python writes them", async () => {
    for (const [, attrs] of await nodes(dir, "r+")) {
      await attrs.set("changed", "by zarrkit");
      await attrs.set("from_js", JS_VALUES);
      // Re-set a nested value from what was read, one item appended: the rest keeps its form.
      const nested = attrs.get("nested") as { list: unknown[] };
      await attrs.set("nested", { ...nested, list: [...nested.list, 7] });
    }
    const report = py<{ diffs: string[]; bytesEqual: boolean[] }>(
      `
exp = dict(CORPUS)
exp["changed"] = "by zarrkit"
exp["from_js"] = ${JS_VALUES_IN_PYTHON}
exp["nested"] = dict(CORPUS["nested"], list=CORPUS["nested"]["list"] + [7])
root = zarr.open_group(D, mode="r")
diffs, same = [], []
for p in NODES:
    node = root[p] if p else root
    diffs += [f"{p or '/'} {m}" for m in diff(exp, node.attrs.asdict())]
    key = (p + "/" if p else "") + ".zattrs"
    same.append(root.store[key] == json_dumps(exp))
print(json.dumps({"diffs": diffs, "bytesEqual": same}))
`,
      dir,
    );
    expect(report.diffs).toEqual([]);
    expect(report.bytesEqual).toEqual([true, true, true]);
  });

  it("re-consolidated metadata is what zarr-python's consolidate_metadata writes", async () => {
    await consolidateMetadata(dir);
    const pythonCopy = join(tmp, "write-python-consolidated.zarr");
    const report = py<{ diffs: string[] }>(
      `
shutil.copytree(D, ${JSON.stringify(pythonCopy)})
zarr.consolidate_metadata(${JSON.stringify(pythonCopy)})
root = zarr.open_consolidated(D, mode="r")
exp = dict(CORPUS)
exp["changed"] = "by zarrkit"
exp["from_js"] = ${JS_VALUES_IN_PYTHON}
exp["nested"] = dict(CORPUS["nested"], list=CORPUS["nested"]["list"] + [7])
diffs = []
for p in NODES:
    node = root[p] if p else root
    diffs += [f"{p or '/'} {m}" for m in diff(exp, node.attrs.asdict())]
print(json.dumps({"diffs": diffs}))
`,
      dir,
    );
    expect(report.diffs).toEqual([]);
    expect(readFileSync(join(dir, ".zmetadata"), "utf8")).toBe(
      readFileSync(join(pythonCopy, ".zmetadata"), "utf8"),
    );
  });
});

it("the Python reference is there (a missing interpreter fails, never skips)", () => {
  expect(runPython("import zarr; print(zarr.__version__)").stdout.trim()).toMatch(/^2\.13\./);
});
