import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describeStoreContract, seedStore } from "@zarrkit/store-contract";
import { HttpStore } from "@zarrkit/store-http";
import { MemoryStore } from "@zarrkit/store-memory";
import { type NginxServer, startNginx } from "@zarrkit/test-servers";
import { afterAll, beforeAll } from "vitest";
import { LRUStoreCache } from "../src/index.js";
import { CountingStore } from "./counting-store.js";

// A bound the contract's 64 MiB value exceeds, so both paths run: values cached, and a value
// too large to cache passed through.
const MAX_SIZE = 16 * 1024 * 1024;

describeStoreContract("LRUStoreCache over MemoryStore", {
  async open(initial) {
    const store = new MemoryStore();
    await seedStore(store, initial);
    return { store: new LRUStoreCache(store, { maxSize: MAX_SIZE }) };
  },
  capabilities: { write: true, rangeRead: true, list: true, listDir: false, deletePrefix: true },
});

describeStoreContract("LRUStoreCache (unbounded) over MemoryStore", {
  async open(initial) {
    const store = new MemoryStore();
    await seedStore(store, initial);
    return { store: new LRUStoreCache(store, { maxSize: null }) };
  },
  capabilities: { write: true, rangeRead: true, list: true, listDir: false, deletePrefix: true },
});

// Read-only and without listings: the cache must have exactly the HttpStore's capabilities.
let root: string;
let nginx: NginxServer;
let n = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "zarrkit-lru-contract-"));
  nginx = await startNginx({ root });
});
afterAll(async () => {
  await nginx?.stop();
  await rm(root, { recursive: true, force: true });
});

describeStoreContract("LRUStoreCache over HttpStore (nginx)", {
  async open(initial) {
    const folder = `store-${++n}`;
    await mkdir(join(root, folder));
    for (const [key, value] of Object.entries(initial)) {
      const file = join(root, folder, ...key.split("/"));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, value);
    }
    return {
      store: new LRUStoreCache(new HttpStore(`${nginx.url}${folder}/`), { maxSize: MAX_SIZE }),
      cleanup: () => rm(join(root, folder), { recursive: true, force: true }),
    };
  },
  capabilities: {
    write: false,
    readOnly: true,
    rangeRead: true,
    list: false,
    listDir: false,
    deletePrefix: false,
  },
});

// A wrapped store with its own listDir: the cache has one too, and caches its answers.
describeStoreContract("LRUStoreCache over a store with listDir", {
  async open(initial) {
    const store = new CountingStore();
    await seedStore(store, initial);
    return { store: new LRUStoreCache(store, { maxSize: MAX_SIZE }) };
  },
  capabilities: { write: true, rangeRead: true, list: true, listDir: true, deletePrefix: true },
});
