// The public packages the API reference documents, read from the workspace itself so a new
// plugin is documented (and its exports checked) without editing the TypeDoc configuration.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const WORKSPACE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Every non-private package under packages/ and plugins/, with the TypeScript source of each
 * of its export subpaths (the top-level `zarrkit-source` condition; a nested `browser`
 * variant is the same API minus Node-only parts, so it is not documented twice).
 * @returns {{ name: string, dir: string, entryPoints: string[] }[]}
 */
export function publicPackages() {
  const found = [];
  for (const parent of ["packages", "plugins"]) {
    for (const entry of readdirSync(join(WORKSPACE_ROOT, parent), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(WORKSPACE_ROOT, parent, entry.name);
      let manifest;
      try {
        manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      } catch {
        continue;
      }
      if (manifest.private || !manifest.exports) continue;
      const entryPoints = Object.values(manifest.exports)
        .map((condition) => condition["zarrkit-source"])
        .filter((source) => typeof source === "string")
        .map((source) => join(dir, source));
      found.push({ name: manifest.name, dir, entryPoints });
    }
  }
  // The umbrella last: a name it re-exports is then documented in the package that declares
  // it, and the umbrella's page links there instead of repeating it.
  return found.sort(
    (a, b) => (a.name === "zarrkit") - (b.name === "zarrkit") || a.name.localeCompare(b.name),
  );
}
