// Size budgets: what a browser app ships, bundled by esbuild from the built packages (dist/,
// as an app installs them), minified, gzipped. Today's sizes are in
// bench/results/bundle-size-docs.md (the same three apps); each budget sits a few kB above, so
// growth past it is a decision (raise the budget in the same change, and say why), not drift.
/** esbuild as a browser bundler sees the packages: ES modules, the "browser" condition. */
const browser = (config) => ({
  ...config,
  format: "esm",
  platform: "browser",
  target: "es2022",
  conditions: ["browser"],
});

export default [
  {
    name: "@zarrkit/core alone",
    path: "size/core-alone.mjs",
    limit: "50 kB",
    gzip: true,
    modifyEsbuildConfig: browser,
  },
  {
    name: "@zarrkit/core + store-memory + codec-zlib",
    path: "size/core-zlib.mjs",
    limit: "67 kB",
    gzip: true,
    modifyEsbuildConfig: browser,
  },
  {
    name: "zarrkit (the umbrella's browser entry)",
    path: "size/umbrella-browser.mjs",
    limit: "146 kB",
    gzip: true,
    modifyEsbuildConfig: browser,
  },
];
