// zarrkit for browsers: the same as the Node entry minus what needs a file system (directory
// and zip stores, the process synchronizer).
export * from "@zarrkit/core";
export * from "./codecs.js";
export * from "./defaults.js";
export * from "./http-store.js";
export * from "./s3-store.js";
