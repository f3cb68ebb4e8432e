export * from "./errors.js";
export * from "./dtype.js";
export * from "./codec.js";
export * from "./codec-registry.js";
export * from "./store.js";
export * from "./store-registry.js";
