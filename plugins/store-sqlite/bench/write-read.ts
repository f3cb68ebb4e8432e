// How the store compares with a directory store on one array, and what committing the writes
// of one event-loop turn together saves. Run on demand (not a test):
//   pnpm --filter @zarrkit/store-sqlite exec tsx --conditions=zarrkit-source bench/write-read.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectoryStore, openArray, type Store, zeros } from "zarrkit";
import { SQLiteStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-sqlite-bench-"));
const ROUNDS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(body: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await body();
  return performance.now() - t;
}

/** 2000x2000 int32 (16 MB) in 200x200 chunks: 100 chunks, Blosc lz4 (zarrkit's default). */
async function arrayRound(make: (i: number) => Store, i: number): Promise<[number, number]> {
  const store = make(i);
  const data = Int32Array.from({ length: 2000 * 2000 }, (_, k) => (k * 2654435761) % 1000);
  const write = await time(async () => {
    const z = await zeros([2000, 2000], { chunks: [200, 200], dtype: "<i4", store });
    await z.set(null, data);
  });
  const read = await time(async () => {
    const z = await openArray(store, { mode: "r" });
    await z.get(null);
  });
  await store.close?.();
  return [write, read];
}

/** 100 values of 40 kB written one at a time (a commit each) or all at once (one commit). */
async function storeRound(i: number): Promise<[number, number]> {
  const value = new Uint8Array(40_000).fill(7);
  const one = new SQLiteStore(join(tmp, `one${i}.sqlite`));
  const sequential = await time(async () => {
    for (let k = 0; k < 100; k++) await one.set(`c/${k}`, value);
  });
  await one.close();
  const all = new SQLiteStore(join(tmp, `all${i}.sqlite`));
  const together = await time(async () => {
    await Promise.all(Array.from({ length: 100 }, (_, k) => all.set(`c/${k}`, value)));
  });
  await all.close();
  return [sequential, together];
}

const rows: [string, number, number][] = [];
for (const [name, make] of [
  ["SQLiteStore", (i: number) => new SQLiteStore(join(tmp, `a${i}.sqlite`))],
  ["DirectoryStore", (i: number) => new DirectoryStore(join(tmp, `a${i}.zarr`))],
] as const) {
  const w: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const [a, b] = await arrayRound(make, i);
    w.push(a);
    r.push(b);
  }
  rows.push([name, median(w), median(r)]);
}
console.log(`2000x2000 <i4, 200x200 chunks, Blosc lz4; medians of ${ROUNDS} (ms)`);
for (const [name, w, r] of rows)
  console.log(
    `${name.padEnd(16)} write ${w.toFixed(0).padStart(6)}  read ${r.toFixed(0).padStart(6)}`,
  );
const seq: number[] = [];
const tog: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const [a, b] = await storeRound(i);
  seq.push(a);
  tog.push(b);
}
console.log(
  `100 x 40 kB sets: one at a time ${median(seq).toFixed(0)} ms, issued together ${median(tog).toFixed(0)} ms`,
);
rmSync(tmp, { recursive: true, force: true });
