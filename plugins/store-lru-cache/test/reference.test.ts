// The same reads and writes through zarr-python 2.13's LRUStoreCache (run live with
// /usr/bin/python3) and through ours: after every step the hit and miss counters and the
// bytes held must agree, which they cannot for long if either evicts in another order.
import { runPythonJson } from "@zarrkit/test-utils";
import { expect, it } from "vitest";
import { LRUStoreCache } from "../src/index.js";
import { CountingStore } from "./counting-store.js";

type Op = ["get", string] | ["set", string, number];

/** A fixed-seed sequence of gets and sets over `nKeys` keys, values of 1 to 60 bytes. */
function operations(seed: number, count: number, nKeys: number, maxSize: number): Op[] {
  let state = seed >>> 0;
  const next = () => {
    // xorshift32: reproducible without a dependency
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const ops: Op[] = [];
  for (let i = 0; i < count; i++) {
    const key = `c/${Math.floor(next() * nKeys)}`;
    const r = next();
    if (r < 0.2) ops.push(["set", key, 1 + Math.floor(next() * 60)]);
    // now and then a value larger than the whole cache
    else if (r < 0.23) ops.push(["set", key, maxSize + 1 + Math.floor(next() * 10)]);
    else ops.push(["get", key]);
  }
  return ops;
}

const PYTHON = `
import json, sys, zarr
spec = json.load(sys.stdin)
inner = {}
for k, n in spec["initial"].items():
    inner[k] = bytes(n)
cache = zarr.LRUStoreCache(inner, max_size=spec["maxSize"])
out = []
for op in spec["ops"]:
    if op[0] == "get":
        cache[op[1]]
    else:
        cache[op[1]] = bytes(op[2])
    out.append([cache.hits, cache.misses, cache._current_size])
print(json.dumps(out))
`;

for (const [seed, maxSize] of [
  [1, 100],
  [7, 250],
  [42, 60],
] as const)
  it(`agrees with zarr-python's LRUStoreCache step by step (seed ${seed}, maxSize ${maxSize})`, async () => {
    const nKeys = 12;
    const initial = Object.fromEntries(
      Array.from({ length: nKeys }, (_, i) => [`c/${i}`, 5 + ((i * 13) % 50)]),
    );
    const ops = operations(seed, 400, nKeys, maxSize);
    const expected = runPythonJson<[number, number, number][]>(
      PYTHON,
      JSON.stringify({ initial, maxSize, ops }),
    );
    expect(expected).toHaveLength(ops.length);

    const store = new CountingStore();
    for (const [k, n] of Object.entries(initial)) await store.inner.set(k, new Uint8Array(n));
    const cache = new LRUStoreCache(store, { maxSize });
    for (const [i, op] of ops.entries()) {
      if (op[0] === "get") await cache.get(op[1]);
      else await cache.set!(op[1], new Uint8Array(op[2]));
      expect([cache.hits, cache.misses, cache.currentSize], `step ${i}: ${op.join(" ")}`).toEqual(
        expected[i],
      );
    }
    // the sequence did evict: a cache that kept everything would miss less
    expect(cache.misses).toBeGreaterThan(nKeys);
  });
