// Metadata that could never be read is refused when it is opened, naming the full key, as
// zarr-python refuses it (each case is run through zarr-python 2.13 live first).
import { runPythonJson } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";
import {
  create,
  MetadataError,
  open,
  openArray,
  openGroup,
  type Store,
  ZarrError,
  zeros,
} from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

const PY_OPEN = `
import json, sys, zarr
out = []
for case in json.load(sys.stdin):
    store = {k: v.encode() for k, v in case["store"].items()}
    try:
        zarr.open(store, mode="r", path=case["path"])
        out.append("ok")
    except Exception as e:
        out.append("raises " + type(e).__name__)
print(json.dumps(out))
`;

type Case = { store: Record<string, string>; path: string };

/** zarr-python's verdict on opening each case: "ok" or "raises <Exception>". */
function pythonOpens(cases: Case[]): string[] {
  return runPythonJson<string[]>(PY_OPEN, JSON.stringify(cases));
}

function storeOf(contents: Record<string, string>): Store {
  const s = new RecordingStore();
  for (const [k, v] of Object.entries(contents)) s.map.set(k, new TextEncoder().encode(v));
  return s;
}

const GROUP = '{"zarr_format": 2}';

describe(".zgroup contents are validated", () => {
  const bad = ["{}", '{"zarr_format": 3}', "[]", "null", "not json", '{"zarr_format": "2"}'];
  const cases: Case[] = bad.map((doc) => ({
    store: { ".zgroup": GROUP, "foo/.zgroup": GROUP, "foo/bar/.zgroup": doc },
    path: "foo/bar",
  }));

  it("zarr-python refuses each of them", () => {
    expect(pythonOpens(cases).every((r) => r.startsWith("raises"))).toBe(true);
  });

  it.each(bad)("zarrkit refuses %s, naming foo/bar/.zgroup", async (doc) => {
    const make = () => storeOf({ ".zgroup": GROUP, "foo/.zgroup": GROUP, "foo/bar/.zgroup": doc });
    await expect(openGroup(make(), { path: "foo/bar", mode: "r" })).rejects.toThrow(MetadataError);
    await expect(openGroup(make(), { path: "foo/bar", mode: "r" })).rejects.toThrow(
      /foo\/bar\/\.zgroup/,
    );
    await expect(open(make(), { path: "foo/bar", mode: "r" })).rejects.toThrow(
      /foo\/bar\/\.zgroup/,
    );
  });

  it("a valid .zgroup with extra fields still opens, as in zarr-python", async () => {
    const doc = '{"zarr_format": 2, "extra": 1}';
    const c: Case = { store: { ".zgroup": doc }, path: "" };
    expect(pythonOpens([c])).toEqual(["ok"]);
    const g = await openGroup(storeOf(c.store), { mode: "r" });
    expect(g.path).toBe("");
  });
});

function zarray(fields: Record<string, unknown>): string {
  return JSON.stringify({
    zarr_format: 2,
    shape: [10, 10],
    chunks: [10, 10],
    dtype: "<i4",
    compressor: null,
    fill_value: 0,
    order: "C",
    filters: null,
    ...fields,
  });
}

describe(".zarray that can never be read is refused at open", () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["dtype |S2147483648", { dtype: "|S2147483648" }, /dtype.*2147483648.*2147483647/],
    ["dtype <U99999999999", { dtype: "<U99999999999" }, /dtype.*399999999996.*2147483647/],
    ["chunks [2**53, 10]", { chunks: [2 ** 53, 10] }, /chunks.*9007199254740992/],
    ["chunks [2**40, 2**40]", { chunks: [2 ** 40, 2 ** 40] }, /chunks.*4294967296 bytes/],
    ["chunks [1e300, 1]", { chunks: [1e300, 1] }, /chunks.*1e\+300/],
    ["dtype |O without filters", { dtype: "|O", fill_value: null }, /\|O.*object codec/],
  ];

  it.each(cases)("%s: refused with the full key", async (_name, fields, rule) => {
    const make = () =>
      storeOf({ ".zgroup": GROUP, "foo/.zgroup": GROUP, "foo/bar/.zarray": zarray(fields) });
    const err = await openArray(make(), { path: "foo/bar", mode: "r" }).catch((e) => e);
    expect(err).toBeInstanceOf(MetadataError);
    expect(err.message).toMatch(/^foo\/bar\/\.zarray: /);
    expect(err.message).toMatch(rule);
  });

  it("zarr-python refuses the dtypes it cannot represent and |O without an object codec", () => {
    const verdicts = pythonOpens(
      [{ dtype: "|S2147483648" }, { dtype: "|O", fill_value: null }].map((f) => ({
        store: { ".zarray": zarray(f) },
        path: "",
      })),
    );
    expect(verdicts.every((v) => v.startsWith("raises"))).toBe(true);
  });

  it("a huge array with reasonable chunks still opens and reads", async () => {
    const store = storeOf({
      ".zarray": zarray({ shape: [2 ** 40, 2 ** 40], chunks: [1000, 1000] }),
    });
    const z = await openArray(store, { mode: "r" });
    expect(z.shape).toEqual([2 ** 40, 2 ** 40]);
    const far = 2 ** 39;
    const part = await z.get(`5:7, ${far}:${far + 3}`);
    expect(part.shape).toEqual([2, 3]);
    expect(Array.from(part.data as Int32Array)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("a read whose output cannot be one typed array fails naming the selection and the limit", async () => {
    const store = storeOf({
      ".zarray": zarray({ shape: [2 ** 40, 2 ** 40], chunks: [1000, 1000] }),
    });
    const z = await openArray(store, { mode: "r" });
    const err = await z.get([0, null]).catch((e) => e);
    expect(err).toBeInstanceOf(ZarrError);
    expect(err.message).toMatch(/\[1099511627776\].*4294967296 bytes/);
  });
});

describe("creation refuses chunks that can never be read", () => {
  it("before anything is written", async () => {
    const store = new RecordingStore();
    await expect(
      create([2 ** 40, 10], { chunks: [2 ** 30, 10], dtype: "<i4", store }),
    ).rejects.toThrow(/chunks \[1073741824, 10\] of dtype <i4 can never be read.*4294967296/);
    expect(store.writes).toEqual([]);
    await expect(
      zeros([2 ** 40], { chunks: [2 ** 20], dtype: "<i4", store }),
    ).resolves.toBeDefined();
  });
});
