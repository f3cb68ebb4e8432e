import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStoreContract, seedStore } from "@zarrkit/store-contract";
import { afterAll } from "vitest";
import { LMDBStore, type LMDBStoreOptions } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-lmdb-contract-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/** A store on a fresh environment holding `initial` (written by a writable store on it). */
async function openIn(initial: Record<string, Uint8Array>, options: LMDBStoreOptions = {}) {
  const path = join(tmp, `s${n++}.mdb`);
  const writer = new LMDBStore(path, { ...options, readOnly: false });
  await seedStore(writer, initial);
  if (options.readOnly || options.sync === false) await writer.close();
  const store = options.readOnly || options.sync === false ? new LMDBStore(path, options) : writer;
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(path, { recursive: true, force: true });
    },
  };
}

const writable = { write: true, rangeRead: true, list: true, listDir: true, deletePrefix: true };

describeStoreContract("LMDBStore", {
  open: (initial) => openIn(initial),
  capabilities: writable,
});

describeStoreContract("LMDBStore (sync: false, as zarr-python)", {
  open: (initial) => openIn(initial, { sync: false }),
  capabilities: writable,
});

describeStoreContract("LMDBStore (read-only)", {
  open: (initial) => openIn(initial, { readOnly: true }),
  capabilities: { ...writable, write: false, readOnly: true },
});
