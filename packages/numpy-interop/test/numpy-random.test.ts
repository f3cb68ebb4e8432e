// Thousands of seeded random fancy selections on random shapes and chunkings, read and
// written through zarrkit and NumPy (live, /usr/bin/python3), compared value for value.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PythonSession } from "./python-session.js";
import {
  type ArraySpec,
  type DtypeName,
  type Kind,
  Random,
  randomArray,
  randomSelection,
  randomWrite,
  seedFromEnv,
  withMissingChunks,
} from "./random-selections.js";
import { type Job, runJobs } from "./run-cases.js";

const SEED = seedFromEnv();
const ARRAYS_PER_DTYPE = 60;
/** Per array: reads of each kind, then writes (applied in order, the array compared after each). */
const READS: Kind[] = ["o", "o", "o", "c", "c", "c", "m", "m", "b", "b"];
const WRITES: Kind[] = ["o", "c", "m", "b", "o"];

let py: PythonSession;
beforeAll(() => {
  py = new PythonSession();
});
afterAll(() => py.close());

function jobsFor(r: Random, label: string, specs: ArraySpec[]): Job[] {
  return specs.map((spec, n) => ({
    label: `${label}#${n} (seed ${SEED})`,
    spec,
    reads: READS.map((k) => randomSelection(r, k, spec)),
    writes: WRITES.map((k) => randomWrite(r, k, spec)),
  }));
}

describe("fancy indexing against NumPy, v2 arrays in a MemoryStore", () => {
  const dtypes: DtypeName[] = ["int32", "float64", "uint8", "bool"];
  for (const [d, dtype] of dtypes.entries()) {
    it(`${dtype}: ${ARRAYS_PER_DTYPE * READS.length} reads and ${ARRAYS_PER_DTYPE * WRITES.length} writes`, async () => {
      const r = new Random(SEED + d);
      // Every fifth array stores its chunks in F order, every fifth but one lacks some chunks.
      const specs = Array.from({ length: ARRAYS_PER_DTYPE }, (_, n): ArraySpec => {
        const spec = randomArray(r, dtype);
        if (n % 5 === 0) return { ...spec, order: "F" };
        if (n % 5 === 1) return withMissingChunks(r, spec);
        return spec;
      });
      const jobs = jobsFor(r, dtype, specs);
      // Half the arrays go through the default compressor (Blosc), half are stored raw.
      const report = await runJobs(py, jobs, (job) => job.spec.data.length % 2 === 0);
      expect(report.failures.slice(0, 8)).toEqual([]);
      expect(report.failures.length).toBe(0);
      expect(report.reads).toBe(ARRAYS_PER_DTYPE * READS.length);
      expect(report.writes).toBe(ARRAYS_PER_DTYPE * WRITES.length);
      // Most selections pick something: the comparison is not of empty results.
      expect(report.nonEmptyReads).toBeGreaterThan(report.reads * 0.7);
    });
  }
});

describe("fancy indexing against NumPy, v3 sharded arrays", () => {
  it("int32 and float64, inner chunks in shards of 1-3 chunks per dimension", async () => {
    const r = new Random(SEED + 100);
    const specs = Array.from({ length: 40 }, (_, n) => {
      const shape = Array.from({ length: r.int(1, 3) }, () => r.int(1, 16));
      const spec = randomArray(r, n % 2 === 0 ? "int32" : "float64", shape);
      spec.chunks = shape.map((s) => r.int(1, Math.max(1, Math.ceil(s / 2))));
      spec.shards = spec.chunks.map((c) => c * r.int(1, 3));
      return spec;
    });
    const report = await runJobs(py, jobsFor(r, "v3", specs), () => true);
    expect(report.failures.slice(0, 8)).toEqual([]);
    expect(report.failures.length).toBe(0);
    expect(report.reads).toBe(40 * READS.length);
    expect(report.writes).toBe(40 * WRITES.length);
  });
});
