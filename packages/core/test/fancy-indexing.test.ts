// Orthogonal, coordinate, mask and block selection compared with NumPy (run live through
// /usr/bin/python3), reads and writes, on 1-D to 3-D arrays with edge chunks.
import { runPythonJson } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";
import { create, NdArray, type Slice, slice, type ZarrArray } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

type Kind = "o" | "v" | "m" | "b";
interface Case {
  shape: number[];
  chunks: number[];
  kind: Kind;
  sel: unknown;
  order?: "C" | "F";
}

/** A selection entry as it travels to Python: slices as {slice: [start, stop, step]}. */
const toPy = (e: unknown): unknown =>
  e !== null && typeof e === "object" && (e as Slice).kind === "slice"
    ? { slice: [(e as Slice).start, (e as Slice).stop, (e as Slice).step] }
    : e;

/**
 * NumPy's answer for each case: the selection read from `arange(size).reshape(shape)`, and
 * the whole array after writing `1000 + arange(n)` (shaped as the selection) into it.
 */
const PY = `
import json, sys
import numpy as np
cases = json.loads(sys.stdin.read())
def sl(e):
    return slice(*e["slice"])
def ortho(a, sel):
    idx, keep = [], []
    for d, n in enumerate(a.shape):
        e = sel[d] if d < len(sel) else None
        if e is None: idx.append(np.arange(n)); keep.append(True)
        elif isinstance(e, int): idx.append(np.array([e])); keep.append(False)
        elif isinstance(e, dict): idx.append(np.arange(n)[sl(e)]); keep.append(True)
        elif len(e) > 0 and isinstance(e[0], bool): idx.append(np.nonzero(np.array(e))[0]); keep.append(True)
        else: idx.append(np.array(e, dtype=np.int64)); keep.append(True)
    return np.ix_(*idx), [s for s, k in zip([len(i) for i in idx], keep) if k]
def block(a, sel, chunks):
    out = []
    for d, n in enumerate(a.shape):
        e = sel[d] if d < len(sel) else None
        c = chunks[d]; nb = -(-n // c)
        if e is None: out.append(slice(None))
        elif isinstance(e, int):
            b = e + nb if e < 0 else e
            out.append(slice(b * c, (b + 1) * c))
        else:
            s = slice(*e["slice"]).indices(nb)
            out.append(slice(s[0] * c, s[1] * c))
    return tuple(out)
res = []
for c in cases:
    a = np.arange(int(np.prod(c["shape"])), dtype="i4").reshape(c["shape"])
    sel, k = c["sel"], c["kind"]
    if k == "o":
        ix, shape = ortho(a, sel)
        got = a[ix].reshape(shape)
        w = a.copy(); w[ix] = (1000 + np.arange(got.size)).reshape(a[ix].shape)
    elif k == "v":
        t = tuple(np.array([e] if isinstance(e, int) else e, dtype=np.int64) for e in sel)
        got = a[t]
        w = a.copy(); w[t] = (1000 + np.arange(got.size)).reshape(got.shape)
    elif k == "m":
        m = np.array(sel, dtype=bool)
        got = a[m]
        w = a.copy(); w[m] = 1000 + np.arange(got.size)
    else:
        b = block(a, sel, c["chunks"])
        got = a[b]
        w = a.copy(); w[b] = (1000 + np.arange(got.size)).reshape(got.shape)
    res.append({"shape": list(got.shape), "data": got.reshape(-1).tolist(), "after": w.reshape(-1).tolist()})
print(json.dumps(res))
`;

async function arange(c: Case, store = new RecordingStore()): Promise<ZarrArray> {
  const z = await create(c.shape, {
    dtype: "i4",
    chunks: c.chunks,
    compressor: null,
    store,
    order: c.order ?? "C",
  });
  const n = c.shape.reduce((a, b) => a * b, 1);
  await z.set(
    null,
    new NdArray(
      Int32Array.from({ length: n }, (_, i) => i),
      c.shape,
      "i4",
    ),
  );
  return z;
}

async function readSel(z: ZarrArray, c: Case): Promise<NdArray> {
  const sel = c.sel as never;
  if (c.kind === "o") {
    const r = await z.oindex.get(sel);
    return r instanceof NdArray ? r : new NdArray(Int32Array.of(r as number), [], "i4");
  }
  if (c.kind === "b") return z.blocks.get(sel);
  return z.vindex.get(sel);
}

async function writeSel(z: ZarrArray, c: Case, shape: readonly number[]): Promise<void> {
  const n = shape.reduce((a, b) => a * b, 1);
  const value = new NdArray(
    Int32Array.from({ length: n }, (_, i) => 1000 + i),
    shape,
    "i4",
  );
  const sel = c.sel as never;
  if (c.kind === "o") await z.oindex.set(sel, value);
  else if (c.kind === "b") await z.blocks.set(sel, value);
  else await z.vindex.set(sel, value);
}

const mask = (shape: number[], f: (flat: number) => boolean) => {
  const build = (d: number, base: number): unknown =>
    d === shape.length
      ? f(base)
      : Array.from({ length: shape[d]! }, (_, i) => build(d + 1, base * shape[d]! + i));
  return build(0, 0);
};

const CASES: Case[] = [
  // 1-D: unsorted, negative, repeated indices, edge chunk (length 10, chunks of 3).
  { shape: [10], chunks: [3], kind: "o", sel: [[9, 0, -1, 4, 4, 2]] },
  { shape: [10], chunks: [3], kind: "o", sel: [[]] },
  {
    shape: [10],
    chunks: [3],
    kind: "o",
    sel: [[true, false, true, true, false, false, false, false, false, true]],
  },
  { shape: [10], chunks: [3], kind: "o", sel: [slice(1, 10, 4)] },
  { shape: [10], chunks: [3], kind: "v", sel: [[9, 3, 3, -10, 5]] },
  { shape: [10], chunks: [3], kind: "v", sel: [[]] },
  { shape: [10], chunks: [3], kind: "m", sel: mask([10], (i) => i % 4 === 1) },
  { shape: [10], chunks: [3], kind: "m", sel: mask([10], () => false) },
  { shape: [10], chunks: [3], kind: "b", sel: [-1] },
  { shape: [10], chunks: [3], kind: "b", sel: [slice(1, null)] },
  // 2-D: lists mixed with slices, integers and masks.
  { shape: [7, 11], chunks: [3, 4], kind: "o", sel: [[6, 0, 3, 3], slice(2, 11, 3)] },
  { shape: [7, 11], chunks: [3, 4], kind: "o", sel: [2, [10, -11, 5]] },
  { shape: [7, 11], chunks: [3, 4], kind: "o", sel: [[1, 5], 10] },
  {
    shape: [7, 11],
    chunks: [3, 4],
    kind: "o",
    sel: [
      [4, 1],
      [0, 8, 7],
    ],
  },
  {
    shape: [7, 11],
    chunks: [3, 4],
    kind: "o",
    sel: [[false, true, true, false, false, false, true], null],
  },
  {
    shape: [7, 11],
    chunks: [3, 4],
    kind: "o",
    sel: [
      [0, 1, 2, 3, 4, 5, 6],
      [3, 2, 1, 0],
    ],
  },
  { shape: [7, 11], chunks: [3, 4], kind: "o", sel: [null, []] },
  {
    shape: [7, 11],
    chunks: [3, 4],
    kind: "v",
    sel: [
      [6, 0, 3, 6],
      [10, 0, 4, 10],
    ],
  },
  {
    shape: [7, 11],
    chunks: [3, 4],
    kind: "v",
    sel: [
      [
        [0, 1],
        [2, 6],
      ],
      [[3], [-1]],
    ],
  },
  { shape: [7, 11], chunks: [3, 4], kind: "v", sel: [5, [1, 2, 9]] },
  { shape: [7, 11], chunks: [3, 4], kind: "m", sel: mask([7, 11], (i) => i % 3 === 0) },
  { shape: [7, 11], chunks: [3, 4], kind: "b", sel: [1, slice(1, 3)] },
  { shape: [7, 11], chunks: [3, 4], kind: "b", sel: [slice(-1, null), null] },
  { shape: [7, 11], chunks: [3, 4], kind: "b", sel: [slice(5, 9), 0] },
  // F order: chunks are stored transposed.
  {
    shape: [7, 11],
    chunks: [3, 4],
    kind: "o",
    sel: [
      [6, 1],
      [9, 2, 2],
    ],
    order: "F",
  },
  {
    shape: [7, 11],
    chunks: [3, 4],
    kind: "v",
    sel: [
      [6, 1, 0],
      [9, 2, 2],
    ],
    order: "F",
  },
  // 3-D.
  { shape: [5, 6, 7], chunks: [2, 4, 3], kind: "o", sel: [[4, 0], slice(1, 6, 2), [6, 0, 3]] },
  { shape: [5, 6, 7], chunks: [2, 4, 3], kind: "o", sel: [1, [5, 5, 0], -1] },
  {
    shape: [5, 6, 7],
    chunks: [2, 4, 3],
    kind: "v",
    sel: [
      [4, 0, 2],
      [5, 1, 1],
      [6, 0, 3],
    ],
  },
  { shape: [5, 6, 7], chunks: [2, 4, 3], kind: "v", sel: [[[4], [0]], [1, 5], 2] },
  { shape: [5, 6, 7], chunks: [2, 4, 3], kind: "m", sel: mask([5, 6, 7], (i) => (i * 7) % 11 < 3) },
  { shape: [5, 6, 7], chunks: [2, 4, 3], kind: "b", sel: [2, 1, slice(0, 2)] },
];

describe("fancy selection matches NumPy", () => {
  const expected = runPythonJson<{ shape: number[]; data: number[]; after: number[] }[]>(
    PY,
    JSON.stringify(CASES.map((c) => ({ ...c, sel: (c.sel as unknown[]).map(toPy) }))),
  );

  CASES.forEach((c, i) => {
    const title = `${c.kind} ${JSON.stringify(c.shape)}/${JSON.stringify(c.chunks)}${c.order === "F" ? " F" : ""} ${JSON.stringify((c.sel as unknown[]).map(toPy))}`;
    it(`reads ${title}`, async () => {
      const z = await arange(c);
      const got = await readSel(z, c);
      expect(got.shape).toEqual(expected[i]!.shape);
      expect([...(got.data as Int32Array)]).toEqual(expected[i]!.data);
    });
    it(`writes ${title}`, async () => {
      const z = await arange(c);
      await writeSel(z, c, expected[i]!.shape);
      expect([...((await z.get()).data as Int32Array)]).toEqual(expected[i]!.after);
    });
  });
});
