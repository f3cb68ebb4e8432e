// Tests import workspace packages through the "zarrkit-source" export condition, so they run
// against each package's TypeScript source without a build step. The rest are Vite's defaults.
import { defineConfig } from "vitest/config";

const conditions = ["zarrkit-source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
