export { firstDifference, patternBytes, textBytes } from "./bytes.js";
export type { OpenedStore, StoreCapabilities, StoreContractOptions } from "./capabilities.js";
export {
  HOSTILE_KEYS,
  HOSTILE_PREFIXES,
  PORTABLE_KEYS,
  PUNCTUATION_KEYS,
  SPACE_KEYS,
  UNICODE_KEYS,
} from "./contract-keys.js";
export { describeStoreContract, LARGE_VALUE_BYTES } from "./describe-store-contract.js";
export { seedStore } from "./seed-store.js";
