// Entry point of the browser bundle built by browser-bundle.test.ts.
export { LZMA, lzmaBackend } from "../src/index.js";
