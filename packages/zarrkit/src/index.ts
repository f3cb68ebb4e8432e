import "./register.js";

export * from "@zarrkit/core";
export { MemoryStore } from "@zarrkit/store-memory";
export { DirectoryStore, type DirectoryStoreOptions } from "@zarrkit/store-fs";
export { ProcessSynchronizer, type ProcessSynchronizerOptions } from "@zarrkit/sync-process";
