export * from "./python.js";
export * from "./fixtures.js";
export * from "./memory-copy.js";
export * from "./expected.js";
export * from "./python-zarr.js";
export * from "./write-regions.js";
export * from "./wasm-assets.js";
export * from "./workspace-packages.js";
