import "./register.js";

export * from "@zarrkit/core";
export { MemoryStore } from "@zarrkit/store-memory";
