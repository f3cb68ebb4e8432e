// Entry point of the browser bundle built by browser-bundle.test.ts.
export { deflateEngines, GZip, Zlib } from "../src/index.js";
