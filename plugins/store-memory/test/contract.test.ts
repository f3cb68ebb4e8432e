import { describeStoreContract, seedStore } from "@zarrkit/store-contract";
import { MemoryStore } from "../src/index.js";

describeStoreContract("MemoryStore", {
  async open(initial) {
    const store = new MemoryStore();
    await seedStore(store, initial);
    return { store };
  },
  capabilities: { write: true, rangeRead: true, list: true, listDir: false, deletePrefix: true },
});
