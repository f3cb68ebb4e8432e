import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStoreContract, seedStore } from "@zarrkit/store-contract";
import { afterAll } from "vitest";
import { ZipStore, type ZipStoreMode } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-zip-contract-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/**
 * A zip holding `initial`: written in mode "w" and, for the other modes, closed (so the file
 * on disk is a finished archive) and opened again in `mode`.
 */
async function openZip(mode: ZipStoreMode, initial: Record<string, Uint8Array>) {
  const path = join(tmp, `z${n++}.zip`);
  let store = new ZipStore(path, { mode: "w" });
  await seedStore(store, initial);
  if (mode !== "w") {
    await store.close();
    store = new ZipStore(path, { mode });
  }
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(path, { force: true });
    },
  };
}

const writable = { write: true, rangeRead: true, list: true, listDir: true, deletePrefix: true };

describeStoreContract('ZipStore (mode "w")', {
  open: (initial) => openZip("w", initial),
  capabilities: writable,
});

describeStoreContract('ZipStore (mode "a", appending to a finished archive)', {
  open: (initial) => openZip("a", initial),
  capabilities: writable,
});

describeStoreContract('ZipStore (mode "r")', {
  open: (initial) => openZip("r", initial),
  capabilities: { ...writable, write: false, readOnly: true },
});
