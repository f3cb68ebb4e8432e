// Entry point of the browser bundle built by browser-bundle.test.ts.
export { Zstd } from "../src/index.js";
