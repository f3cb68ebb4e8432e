// Writes .vitepress/cache/doc-tests/<slug>.ts, one module per page with examples, so `pnpm typecheck`
// checks the documentation's code with the same compiler settings as the packages.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadPages, pageModule, SITE_ROOT } from "./pages.js";

// Under .vitepress/cache: ignored by git, Biome and the site build.
export const GENERATED_DIR = join(SITE_ROOT, ".vitepress", "cache", "doc-tests");

export function writePageModules(): Map<string, string> {
  rmSync(GENERATED_DIR, { recursive: true, force: true });
  mkdirSync(GENERATED_DIR, { recursive: true });
  const out = new Map<string, string>();
  for (const page of loadPages()) {
    if (page.examples.length === 0) continue;
    const file = join(GENERATED_DIR, `${page.slug}.ts`);
    writeFileSync(file, pageModule(page));
    out.set(page.file, file);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const written = writePageModules();
  console.log(`wrote ${written.size} page modules to ${GENERATED_DIR}`);
}
