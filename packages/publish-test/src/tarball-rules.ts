// What a published tarball may hold: what a user's runtime, bundler, type checker or debugger
// reads (dist/, the TypeScript sources the source maps point to, README, LICENSE, CHANGELOG,
// package.json), and nothing from development.
import { dirname, join, normalize } from "node:path";

/** Paths (relative to the package) that must never ship, with the reason. */
const FORBIDDEN: [RegExp, string][] = [
  [/(^|\/)test\//, "a test folder"],
  [/\.test\.[cm]?[jt]s$/, "a test file"],
  [/(^|\/)\.turbo\//, "turbo's cache"],
  [/(^|\/)\.vitest-report\.json$/, "a test report"],
  [/\.tsbuildinfo$/, "TypeScript's build state"],
  [/(^|\/)node_modules\//, "installed dependencies"],
  [/(^|\/)tsconfig[^/]*\.json$/, "a build configuration"],
  [/(^|\/)vitest\.config\.[cm]?[jt]s$/, "a test configuration"],
  [/(^|\/)bench\//, "benchmarks"],
];

/**
 * Problems with a tarball's contents: `files` are paths relative to the package root
 * ("dist/index.js"), `read` returns a file's text. Empty when the tarball is clean.
 */
export function tarballProblems(
  name: string,
  files: string[],
  read: (path: string) => string,
): string[] {
  const out: string[] = [];
  const present = new Set(files);
  for (const required of ["package.json", "README.md", "LICENSE"]) {
    if (!present.has(required)) out.push(`${name}: the tarball has no ${required}`);
  }
  for (const file of files) {
    for (const [pattern, what] of FORBIDDEN) {
      if (pattern.test(file)) out.push(`${name}: ${file} is ${what} and must not be published`);
    }
    if (!file.endsWith(".map")) continue;
    // A map whose sources are missing breaks stepping into the code and go-to-definition.
    const map = JSON.parse(read(file)) as { sources?: string[]; sourceRoot?: string };
    for (const source of map.sources ?? []) {
      const target = normalize(join(dirname(file), map.sourceRoot ?? "", source));
      if (!present.has(target)) {
        out.push(`${name}: ${file} points to ${source} (${target}), which is not in the tarball`);
      }
    }
  }
  return out;
}
