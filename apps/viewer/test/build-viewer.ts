import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

/** apps/viewer. */
export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The production build of the viewer, written to `outDir`. */
export async function buildViewer(outDir: string): Promise<void> {
  await build({
    root: APP_DIR,
    configFile: join(APP_DIR, "vite.config.ts"),
    logLevel: "error",
    build: { outDir, emptyOutDir: true },
  });
}
