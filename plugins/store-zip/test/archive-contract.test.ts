// ZipArchiveStore runs the store contract suite: each store is a zip that zarrkit's ZipStore
// wrote, held as one value of an in-memory store and read back by range reads.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStoreContract, seedStore } from "@zarrkit/store-contract";
import { afterAll } from "vitest";
import { openZipInStore, ZipStore } from "../src/index.js";
import { CountingStore } from "./counting-store.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-zip-archive-contract-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

describeStoreContract("ZipArchiveStore (a zip inside another store)", {
  async open(initial) {
    const path = join(tmp, `c${n++}.zip`);
    const writer = new ZipStore(path, { mode: "w" });
    await seedStore(writer, initial);
    await writer.close();
    const source = new CountingStore({ "archive.zip": new Uint8Array(readFileSync(path)) });
    rmSync(path);
    return { store: await openZipInStore(source, "archive.zip") };
  },
  capabilities: {
    write: false,
    readOnly: true,
    rangeRead: true,
    list: true,
    listDir: true,
    deletePrefix: true,
  },
});
