import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStoreContract, seedStore } from "@zarrkit/store-contract";
import { afterAll } from "vitest";
import { DirectoryStore, type DirectoryStoreOptions, NestedDirectoryStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-fs-contract-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/** A store in a fresh folder, holding `initial` (written by a writable store on the folder). */
async function openIn(
  Kind: typeof DirectoryStore,
  initial: Record<string, Uint8Array>,
  options: DirectoryStoreOptions = {},
) {
  const root = join(tmp, `s${n++}`);
  const writer = new Kind(root);
  await seedStore(writer, initial);
  await writer.close();
  const store = options.readOnly ? new Kind(root, options) : writer;
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

const writable = { write: true, rangeRead: true, list: true, listDir: true, deletePrefix: true };

describeStoreContract("DirectoryStore", {
  open: (initial) => openIn(DirectoryStore, initial),
  capabilities: writable,
});

describeStoreContract("NestedDirectoryStore", {
  open: (initial) => openIn(NestedDirectoryStore, initial),
  capabilities: writable,
});

describeStoreContract("DirectoryStore (read-only)", {
  open: (initial) => openIn(DirectoryStore, initial, { readOnly: true }),
  capabilities: { ...writable, write: false, readOnly: true },
});
