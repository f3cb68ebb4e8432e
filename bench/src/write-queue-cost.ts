// The cost of core's per-(store, chunk key) write queue: 100 000 withKeyLock calls over 100
// keys, minus as many bare async calls, in microseconds per chunk write. Usage:
// node --import tsx --conditions=zarrkit-source bench/src/write-queue-cost.ts
import { type Store, withKeyLock } from "@zarrkit/core";

const store = {} as Store;
const N = 100_000;
for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await withKeyLock(store, `k${i % 100}`, async () => undefined);
  const t1 = performance.now();
  for (let i = 0; i < N; i++) await (async () => undefined)();
  const t2 = performance.now();
  console.log(`withKeyLock: ${((t1 - t0 - (t2 - t1)) / N) * 1000} us extra per chunk write`);
}
