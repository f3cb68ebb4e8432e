import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStoreContract, seedStore } from "@zarrkit/store-contract";
import { afterAll } from "vitest";
import { SQLiteStore, type SQLiteStoreOptions } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-sqlite-contract-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/** A store over a fresh database file holding `initial` (written by a writable store). */
async function openIn(initial: Record<string, Uint8Array>, options: SQLiteStoreOptions = {}) {
  const file = join(tmp, `s${n++}.sqlite`);
  const writer = new SQLiteStore(file);
  await seedStore(writer, initial);
  await writer.close();
  const store = new SQLiteStore(file, options);
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(file, { force: true });
    },
  };
}

const writable = { write: true, rangeRead: true, list: true, listDir: true, deletePrefix: true };

describeStoreContract("SQLiteStore", {
  open: (initial) => openIn(initial),
  capabilities: writable,
});

describeStoreContract("SQLiteStore (read-only)", {
  open: (initial) => openIn(initial, { readOnly: true }),
  capabilities: { ...writable, write: false, readOnly: true },
});

describeStoreContract("SQLiteStore (:memory:)", {
  open: async (initial) => {
    const store = new SQLiteStore(":memory:");
    await seedStore(store, initial);
    return { store, cleanup: () => store.close() };
  },
  capabilities: writable,
});
