import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { openArray, zeros } from "@zarrkit/core";
import { HttpStore } from "@zarrkit/store-http";
import { MemoryStore } from "@zarrkit/store-memory";
import { type AccessLogEntry, type NginxServer, startNginx } from "@zarrkit/test-servers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LRUStoreCache } from "../src/index.js";

// 40x40 int32 values 0..1599 row by row: in 10x10 chunks (v2, 16 chunks), and in 20x20 shards
// of 10x10 inner chunks (v3, 4 shards of 4 chunks each).
const SHAPE = [40, 40];
const VALUES = Int32Array.from({ length: 1600 }, (_, i) => i);

let root: string;
let nginx: NginxServer;

async function serve(folder: string, store: MemoryStore): Promise<string[]> {
  const keys = await store.list();
  for (const key of keys) {
    const file = join(root, folder, ...key.split("/"));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, (await store.get(key))!);
  }
  return keys;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "zarrkit-lru-http-"));
  const v2 = new MemoryStore();
  const a = await zeros(SHAPE, { chunks: [10, 10], dtype: "<i4", compressor: null, store: v2 });
  await a.set(null, VALUES);
  await serve("v2.zarr", v2);
  const v3 = new MemoryStore();
  const s = await zeros(SHAPE, {
    chunks: [10, 10],
    shards: [20, 20],
    dtype: "<i4",
    zarrFormat: 3,
    compressor: null,
    store: v3,
  });
  await s.set(null, VALUES);
  await serve("v3.zarr", v3);
  nginx = await startNginx({ root });
});

afterAll(async () => {
  await nginx?.stop();
  await rm(root, { recursive: true, force: true });
});

beforeEach(() => nginx.clearAccessLog());

const paths = (log: AccessLogEntry[]) => log.map((e) => e.path);

describe("LRUStoreCache over HttpStore (nginx, access log)", () => {
  it("reading a v2 array twice fetches each chunk once", async () => {
    const cache = new LRUStoreCache(new HttpStore(`${nginx.url}v2.zarr/`), { maxSize: 2 ** 20 });
    const a = await openArray(cache, { mode: "r" });
    expect(Array.from((await a.get(null)).data as Int32Array)).toEqual(Array.from(VALUES));
    const first = await nginx.accessLog();
    const chunks = paths(first).filter((p) => /^\/v2\.zarr\/\d\.\d$/.test(p));
    expect(chunks.sort()).toEqual(
      [0, 1, 2, 3].flatMap((i) => [0, 1, 2, 3].map((j) => `/v2.zarr/${i}.${j}`)).sort(),
    );
    expect(first.every((e) => e.method === "GET" && e.range === "")).toBe(true);

    await nginx.clearAccessLog();
    const again = await openArray(cache, { mode: "r" });
    expect(Array.from((await again.get(null)).data as Int32Array)).toEqual(Array.from(VALUES));
    expect(await a.get([39, 39])).toBe(1599);
    expect(paths(await nginx.accessLog()), "nothing asked twice").toEqual([]);
    expect(cache.misses).toBe(first.length);
    expect(cache.hits).toBeGreaterThanOrEqual(chunks.length + 1);
  });

  it("reads shards by range, never whole, and a second read of the array asks nothing", async () => {
    const cache = new LRUStoreCache(new HttpStore(`${nginx.url}v3.zarr/`), { maxSize: 2 ** 20 });
    const a = await openArray(cache, { mode: "r" });
    expect(Array.from((await a.get(null)).data as Int32Array)).toEqual(Array.from(VALUES));
    const first = (await nginx.accessLog()).filter((e) => e.path.startsWith("/v3.zarr/c/"));
    expect(new Set(paths(first))).toEqual(
      new Set(["/v3.zarr/c/0/0", "/v3.zarr/c/0/1", "/v3.zarr/c/1/0", "/v3.zarr/c/1/1"]),
    );
    expect(
      first.filter((e) => e.range === ""),
      "every shard request has a Range",
    ).toEqual([]);

    await nginx.clearAccessLog();
    const again = await openArray(cache, { mode: "r" });
    expect(Array.from((await again.get(null)).data as Int32Array)).toEqual(Array.from(VALUES));
    expect(paths(await nginx.accessLog())).toEqual([]);
  });

  it("a part of one shard fetches that part only", async () => {
    const cache = new LRUStoreCache(new HttpStore(`${nginx.url}v3.zarr/`), { maxSize: 2 ** 20 });
    const a = await openArray(cache, { mode: "r" });
    await nginx.clearAccessLog();
    expect(await a.get([25, 35])).toBe(25 * 40 + 35);
    const log = await nginx.accessLog();
    // the shard index (4 chunks x 16 bytes + a crc32c) and the 10x10 int32 chunk (0, 1) of
    // shard (1, 1), not the whole 1668-byte shard
    expect(log.map((e) => [e.path, e.status, e.range, e.bytes])).toEqual([
      ["/v3.zarr/c/1/1", 206, "bytes=-68", 68],
      ["/v3.zarr/c/1/1", 206, "bytes=400-799", 400],
    ]);
    await nginx.clearAccessLog();
    expect(await a.get([25, 35])).toBe(25 * 40 + 35);
    expect(await nginx.accessLog()).toEqual([]);
  });

  it("concurrent reads of one key send one request", async () => {
    const cache = new LRUStoreCache(new HttpStore(`${nginx.url}v2.zarr/`), { maxSize: 2 ** 20 });
    const reads = await Promise.all(Array.from({ length: 8 }, () => cache.get("0.0")));
    for (const r of reads) expect(r?.byteLength).toBe(400);
    expect(paths(await nginx.accessLog())).toEqual(["/v2.zarr/0.0"]);
  });
});
