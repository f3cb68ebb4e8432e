// Runs jobs (an array, reads and writes) through zarrkit and through the reference process,
// and lists every disagreement: a read's shape or values, an error raised on one side only,
// or the whole array after each write.
import * as zarr from "zarrkit";
import { CountingStore, chunkUseProblem } from "./counting-store.js";
import { fancyGet, fancySet, outcome, type Values, valuesOf } from "./fancy-api.js";
import type { PythonSession } from "./python-session.js";
import {
  type ArraySpec,
  blockGrid,
  type DtypeName,
  NUMPY_DTYPE,
  type SelectionCase,
  type WriteCase,
} from "./random-selections.js";

export interface Job {
  label: string;
  spec: ArraySpec;
  reads: SelectionCase[];
  writes: WriteCase[];
}

/** `chunks`: the v2 keys of the chunks the selection touches. */
type RefRead = (Values & { chunks: string[] }) | { raise: string; message: string };
interface RefWrite {
  chunks: string[];
  value?: number[];
  shape?: number[];
  after: number[];
}

export function typedData(dtype: DtypeName, values: readonly number[]): zarr.TypedArray {
  switch (dtype) {
    case "int32":
      return Int32Array.from(values);
    case "float64":
      return Float64Array.from(values);
    case "uint8":
    case "bool":
      return Uint8Array.from(values);
  }
}

/** A MemoryStore array holding `spec.data`: v3 sharded when `spec.shards` is set. */
export async function makeArray(
  spec: ArraySpec,
  compressed: boolean,
  store: zarr.Store & zarr.WritableStore = new zarr.MemoryStore(),
): Promise<zarr.ZarrArray<string>> {
  const dtype = NUMPY_DTYPE[spec.dtype];
  const z = spec.shards
    ? await zarr.zeros(spec.shape, {
        chunks: spec.chunks,
        shards: spec.shards,
        zarrFormat: 3,
        dtype,
        store,
      })
    : await zarr.zeros(spec.shape, {
        chunks: spec.chunks,
        dtype,
        store,
        ...(spec.order ? { order: spec.order } : {}),
        ...(compressed ? {} : { compressor: null }),
      });
  await z.set(null, new zarr.NdArray(typedData(spec.dtype, spec.data), spec.shape, dtype));
  for (const key of spec.missing ?? []) await store.delete(key);
  return z;
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  // === so that -0 and 0 agree (JSON cannot carry -0); NaN never occurs in these data.
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function brief(x: unknown): string {
  const text = JSON.stringify(x);
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

function describe(job: Job, what: string, c: SelectionCase, problem: string): string {
  const { spec } = job;
  return `${job.label} ${spec.dtype} shape=[${spec.shape}] chunks=[${spec.chunks}]${spec.shards ? ` shards=[${spec.shards}]` : ""} ${what} ${c.kind} ${brief(c.sel)}: ${problem}`;
}

export interface RunReport {
  failures: string[];
  reads: number;
  writes: number;
  /** Reads that selected at least one element (so the set is not all trivial). */
  nonEmptyReads: number;
}

export async function runJobs(
  py: PythonSession,
  jobs: readonly Job[],
  compressed: (job: Job) => boolean,
): Promise<RunReport> {
  const reference = py.request<{ reads: RefRead[]; writes: RefWrite[] }>(
    jobs.map((j) => ({
      op: "array",
      dtype: j.spec.dtype,
      shape: j.spec.shape,
      chunks: blockGrid(j.spec),
      data: j.spec.data,
      reads: j.reads,
      writes: j.writes,
    })),
  );
  // Awaited below; a zarrkit failure before then must not leave it rejected and unheard.
  reference.catch(() => undefined);
  const report: RunReport = { failures: [], reads: 0, writes: 0, nonEmptyReads: 0 };
  const arrays: zarr.ZarrArray<string>[] = [];
  const stores: CountingStore[] = [];
  const got: Awaited<ReturnType<typeof outcome<unknown>>>[][] = [];
  const readKeys: string[][][] = [];
  for (const job of jobs) {
    const store = new CountingStore();
    const z = await makeArray(job.spec, compressed(job), store);
    arrays.push(z);
    stores.push(store);
    const mine = [];
    const keys = [];
    for (const [i, c] of job.reads.entries()) {
      store.reset();
      mine.push(await outcome(() => fancyGet(z, c, i)));
      keys.push(store.gets);
    }
    got.push(mine);
    readKeys.push(keys);
  }
  const ref = await reference;

  for (const [j, job] of jobs.entries()) {
    for (const [i, c] of job.reads.entries()) {
      report.reads++;
      const want = ref[j]!.reads[i]!;
      const have = got[j]![i]!;
      if ("raise" in want) {
        if (have.ok)
          report.failures.push(
            describe(
              job,
              "read",
              c,
              `NumPy raised ${want.raise} (${want.message}), zarrkit returned ${brief(valuesOf(have.value))}`,
            ),
          );
        else if (want.raise === "IndexError" && !(have.error instanceof zarr.IndexError))
          report.failures.push(
            describe(
              job,
              "read",
              c,
              `NumPy raised IndexError, zarrkit threw ${String(have.error)}`,
            ),
          );
        continue;
      }
      if (!have.ok) {
        report.failures.push(describe(job, "read", c, `zarrkit threw ${String(have.error)}`));
        continue;
      }
      const v = valuesOf(have.value);
      if (want.values.length > 0) report.nonEmptyReads++;
      // Shards are read by ranges of their own keys: the chunk-key check is for v2 arrays.
      if (!job.spec.shards) {
        const keys = readKeys[j]![i]!;
        const problem = chunkUseProblem("read", keys, want.chunks);
        const missed = want.chunks.filter((k) => !keys.includes(k));
        if (problem || missed.length > 0)
          report.failures.push(
            describe(job, "read", c, problem || `did not read chunks ${missed.join(" ")}`),
          );
      }
      if (v.shape.join() !== want.shape.join() || !sameValues(v.values, want.values))
        report.failures.push(describe(job, "read", c, `expected ${brief(want)}, got ${brief(v)}`));
    }

    const z = arrays[j]!;
    const dtype = NUMPY_DTYPE[job.spec.dtype];
    for (const [i, w] of job.writes.entries()) {
      report.writes++;
      const want = ref[j]!.writes[i]!;
      let value: zarr.SelectionValue;
      if ("scalar" in w) value = w.scalar;
      else if (want.shape!.length === 0)
        value = job.spec.dtype === "bool" ? want.value![0] === 1 : want.value![0]!;
      else {
        // The value as an NdArray, as nested JS arrays, or as `{ data, shape }`, by turns
        // (nested arrays cannot say how long the dimensions after an empty one are).
        const nd = new zarr.NdArray(typedData(job.spec.dtype, want.value!), want.shape!, dtype);
        const turn = nd.size === 0 ? 0 : (i + j) % 3;
        value =
          turn === 0
            ? nd
            : turn === 1
              ? (nd.toArray() as unknown[])
              : { data: nd.data, shape: nd.shape };
      }
      const store = stores[j]!;
      store.reset();
      const done = await outcome(() => fancySet(z, w, value, i));
      if (done.ok && !job.spec.shards) {
        const problem = [
          chunkUseProblem("read", store.gets, want.chunks),
          chunkUseProblem("wrote", store.sets, want.chunks),
        ]
          .filter(Boolean)
          .join("; ");
        const missed = want.chunks.filter((k) => !store.sets.includes(k));
        if (problem || missed.length > 0)
          report.failures.push(
            describe(job, `write #${i}`, w, problem || `did not write chunks ${missed.join(" ")}`),
          );
      }
      if (!done.ok) {
        report.failures.push(
          describe(job, `write #${i}`, w, `zarrkit threw ${String(done.error)}`),
        );
        break;
      }
      const whole = valuesOf(await z.getAll());
      if (!sameValues(whole.values, want.after)) {
        report.failures.push(
          describe(
            job,
            `write #${i}`,
            w,
            `array after the write: expected ${brief(want.after)}, got ${brief(whole.values)}`,
          ),
        );
        break;
      }
    }
  }
  return report;
}
