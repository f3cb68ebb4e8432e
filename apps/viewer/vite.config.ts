// The viewer's build. The workspace packages resolve to their TypeScript sources (the
// "zarrkit-source" condition, as in the tests), so neither `pnpm dev` nor the tests need a
// prior build of the libraries. `base: "./"` lets the built app be served from any folder.
import { defaultClientConditions, defineConfig } from "vite";

const conditions = ["zarrkit-source", ...defaultClientConditions];

export default defineConfig({
  base: "./",
  resolve: { conditions },
  worker: { format: "es" },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
});
