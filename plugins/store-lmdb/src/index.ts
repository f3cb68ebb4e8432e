export { LMDBStore, type LMDBStoreOptions, MAX_KEY_BYTES, openLMDBStore } from "./lmdb-store.js";
export { isLMDBPath } from "./register.js";
