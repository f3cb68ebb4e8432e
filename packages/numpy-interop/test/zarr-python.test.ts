// zarr-python 2.13 on the same directory stores, both ways: it reads back (byte for byte) what
// zarrkit's fancy writes stored, and zarrkit's fancy reads of arrays it wrote equal its own
// get_orthogonal_selection / get_coordinate_selection / get_mask_selection (block selection,
// which 2.13 lacks, against NumPy slicing of zarr-python's whole read).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zarr from "zarrkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fancyGet, fancySet, outcome, valuesOf } from "./fancy-api.js";
import { PythonSession } from "./python-session.js";
import {
  type ArraySpec,
  type DtypeName,
  type Kind,
  NUMPY_DTYPE,
  Random,
  randomArray,
  randomSelection,
  randomWrite,
  seedFromEnv,
} from "./random-selections.js";
import { typedData } from "./run-cases.js";

const SEED = seedFromEnv();
const tmp = mkdtempSync(join(tmpdir(), "zarrkit-numpy-interop-"));
let py: PythonSession;
beforeAll(() => {
  py = new PythonSession();
});
afterAll(() => {
  py.close();
  rmSync(tmp, { recursive: true, force: true });
});

function specs(r: Random, count: number): ArraySpec[] {
  return Array.from({ length: count }, (_, n) => {
    const shape = Array.from({ length: r.int(1, 3) }, () => r.int(1, 24));
    const dtypes: DtypeName[] = ["int32", "float64", "uint8", "bool"];
    return randomArray(r, dtypes[n % dtypes.length]!, shape);
  });
}

it("zarr-python reads what zarrkit's fancy writes stored, and stores the same bytes itself", async () => {
  const r = new Random(SEED + 300);
  const kinds: Kind[] = ["o", "c", "m", "b", "o", "c"];
  const jobs = specs(r, 12).map((spec, n) => ({
    spec,
    path: join(tmp, `written-${n}.zarr`),
    writes: kinds.map((k) => randomWrite(r, k, spec)),
  }));
  const ref = await py.request<{
    writes: { value?: number[]; shape?: number[]; after: number[] }[];
  }>(jobs.map(({ spec, writes }) => ({ op: "array", ...spec, reads: [], writes })));
  for (const [j, { spec, path, writes }] of jobs.entries()) {
    const dtype = NUMPY_DTYPE[spec.dtype];
    const z = await zarr.zeros(spec.shape, { chunks: spec.chunks, dtype, store: path });
    await z.set(null, new zarr.NdArray(typedData(spec.dtype, spec.data), spec.shape, dtype));
    for (const [i, w] of writes.entries()) {
      const want = ref[j]!.writes[i]!;
      const value: zarr.SelectionValue =
        "scalar" in w
          ? w.scalar
          : want.shape!.length === 0
            ? spec.dtype === "bool"
              ? want.value![0] === 1
              : want.value![0]!
            : new zarr.NdArray(typedData(spec.dtype, want.value!), want.shape!, dtype);
      await fancySet(z, w, value, i);
    }
  }
  const seen = await py.exec<{ values: number[]; differing: string[] }[]>(
    `
import os, zarr
result = []
for job in jobs:
    z = zarr.open(job["path"], mode="r")
    # The same final array written by zarr-python, to compare the stored chunk bytes.
    twin = zarr.open(job["path"] + ".py", mode="w", shape=z.shape, chunks=z.chunks, dtype=z.dtype)
    twin[...] = z[...]
    differing = [k for k in sorted(os.listdir(job["path"]))
                 if k[0] != "." and open(os.path.join(job["path"], k), "rb").read()
                 != open(os.path.join(job["path"] + ".py", k), "rb").read()]
    result.append({"values": flat_list(z[...]), "differing": differing})
`,
    { jobs: jobs.map(({ path }) => ({ path })) },
  );
  for (const [j, { spec }] of jobs.entries()) {
    const where = `array ${j}, ${spec.dtype} shape=[${spec.shape}] chunks=[${spec.chunks}]`;
    expect(seen[j]!.values, where).toEqual(ref[j]!.writes.at(-1)!.after);
    expect(seen[j]!.differing, where).toEqual([]);
  }
});

it("zarrkit's fancy reads of zarr-python's arrays equal zarr-python's own oindex and vindex", async () => {
  const r = new Random(SEED + 400);
  const kinds: Kind[] = ["o", "o", "o", "c", "c", "c", "m", "m", "b", "b"];
  const jobs = specs(r, 20).map((spec, n) => ({
    spec,
    path: join(tmp, `python-${n}.zarr`),
    reads: kinds.map((k) => randomSelection(r, k, spec)),
  }));
  const expected = await py.exec<{ shape: number[]; values: number[] }[][]>(
    `
import zarr
result = []
for job in jobs:
    spec = job["spec"]
    z = zarr.open(job["path"], mode="w", shape=spec["shape"], chunks=spec["chunks"],
                  dtype=DTYPES[spec["dtype"]])
    z[...] = to_array(spec["dtype"], spec["shape"], spec["data"])
    z = zarr.open(job["path"], mode="r")
    out = []
    for c in job["reads"]:
        kind, sel = c["kind"], c["sel"]
        if kind == "o":
            # Ellipsis spelt out: 2.13's replace_ellipsis compares it with NumPy arrays
            # ("truth value of an array ... is ambiguous") when an index array precedes it.
            got = z.get_orthogonal_selection(tuple(entry(e) for e in padded(sel, z.ndim)))
        elif kind == "c":
            got = z.get_coordinate_selection(tuple(entry(e) for e in sel))
        elif kind == "m":
            got = z.get_mask_selection(np.asarray(sel, dtype=bool))
        else:
            got = z[...][block_index(sel, z.shape, z.chunks)]
        got = np.asarray(got)
        out.append({"shape": list(got.shape), "values": flat_list(got)})
    result.append(out)
`,
    { jobs: jobs.map(({ spec, path, reads }) => ({ spec, path, reads })) },
  );
  const failures: string[] = [];
  let compared = 0;
  for (const [j, { spec, path, reads }] of jobs.entries()) {
    const z = await zarr.openArray(path, { mode: "r" });
    for (const [i, c] of reads.entries()) {
      const got = await outcome(() => fancyGet(z, c, i));
      const want = expected[j]![i]!;
      const where = `array ${j} shape=[${spec.shape}] chunks=[${spec.chunks}] ${c.kind} ${JSON.stringify(c.sel).slice(0, 200)}`;
      if (!got.ok) {
        failures.push(`${where}: zarrkit threw ${String(got.error)}`);
        continue;
      }
      compared++;
      const v = valuesOf(got.value);
      if (
        v.shape.join() !== want.shape.join() ||
        v.values.some((x, k) => x !== want.values[k]) ||
        v.values.length !== want.values.length
      )
        failures.push(
          `${where}: zarr-python gave ${JSON.stringify(want).slice(0, 200)}, zarrkit ${JSON.stringify(v).slice(0, 200)}`,
        );
    }
  }
  expect(failures.slice(0, 8)).toEqual([]);
  expect(compared).toBe(jobs.length * kinds.length);
});
