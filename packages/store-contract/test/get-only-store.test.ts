import { checkStoreKey, type ReadableStore } from "@zarrkit/core";
import { describeStoreContract } from "../src/index.js";

/**
 * The smallest store there is: `get` over fixed values, nothing else. Running the suite on it
 * checks the suite's "lacks a capability" side: no writes, ranges, listing or prefix deletes,
 * each of which must then fail with core's error rather than be skipped.
 */
function getOnlyStore(values: Record<string, Uint8Array>): ReadableStore {
  const map = new Map(Object.entries(values));
  return {
    async get(key) {
      return map.get(checkStoreKey(key));
    },
    toString: () => "GetOnlyStore",
  };
}

describeStoreContract("a get-only store", {
  async open(initial) {
    return { store: getOnlyStore(initial) };
  },
  capabilities: {
    write: false,
    rangeRead: false,
    list: false,
    listDir: false,
    deletePrefix: false,
  },
});
