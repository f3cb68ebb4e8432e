// Which API names a page's examples use, and which reference entries (docs-site/api) the page
// links to, so test/api-links.test.ts can require a link for every name used.
import type { Page } from "./pages.js";

/** A name the examples use and the package it is imported from (`zarrkit`, `@zarrkit/core`). */
export interface UsedName {
  name: string;
  from: string;
}

/** Packages with a reference section: the umbrella and the `@zarrkit/` scope. */
const DOCUMENTED = /^(zarrkit(\/[\w-]+)?|@zarrkit\/[\w-]+)$/;
const NAMESPACE_IMPORT = /^\s*import\s+\*\s+as\s+([\w$]+)\s+from\s+["']([^"']+)["']/gm;
const NAMED_IMPORT = /^\s*import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+["']([^"']+)["']/gm;
// Strings and comments name things too ("zarr.open" in prose); only code counts.
const STRINGS_AND_COMMENTS = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g;

/** The documented-package names the page's ts blocks use, in first-use order. */
export function usedApiNames(page: Pick<Page, "examples">): UsedName[] {
  const raw = page.examples.map((e) => e.code).join("\n");
  const code = raw.replace(STRINGS_AND_COMMENTS, (s) => (s.startsWith("/") ? "" : '""'));
  const found = new Map<string, UsedName>();
  const add = (name: string, from: string) => {
    if (!found.has(name)) found.set(name, { name, from });
  };
  for (const [, names, from] of raw.matchAll(NAMED_IMPORT)) {
    if (!DOCUMENTED.test(from!)) continue;
    for (const part of names!.split(",")) {
      const name = part
        .replace(/^\s*type\s+/, "")
        .split(/\s+as\s+/)[0]!
        .trim();
      if (name) add(name, from!);
    }
  }
  for (const [, alias, from] of raw.matchAll(NAMESPACE_IMPORT)) {
    if (!DOCUMENTED.test(from!)) continue;
    for (const [, name] of code.matchAll(
      new RegExp(`(?<![\\w$.])${alias}\\.([A-Za-z_$][\\w$]*)`, "g"),
    )) {
      add(name!, from!);
    }
  }
  return [...found.values()];
}

/** A link into the reference: its entry name and the package section it is in. */
export interface ApiLink {
  name: string;
  pkg: string;
}

// [text](/api/@zarrkit/core/functions/zeros), relative forms (../api/...), .md and #anchors.
const API_LINK =
  /\]\((?:\.\.\/|\/)*api\/((?:@[\w-]+\/)?[\w-]+(?:\/(?:browser|worker))?)\/[\w-]+\/([\w$]+)(?:\.md)?(?:#[^)]*)?\)/g;

/** Every link on the page into a reference entry. */
export function apiLinks(source: string): ApiLink[] {
  return [...source.matchAll(API_LINK)].map(([, pkg, name]) => ({ name: name!, pkg: pkg! }));
}

/**
 * The used names the page does not link to. A name imported from a plugin or core must link
 * into that package's section; the umbrella re-exports them all, so a name used through
 * `zarrkit` may link into any section (the one that declares it).
 */
export function missingApiLinks(page: Pick<Page, "examples" | "source">): UsedName[] {
  const links = apiLinks(page.source);
  return usedApiNames(page).filter(
    (u) => !links.some((l) => l.name === u.name && (u.from === "zarrkit" || l.pkg === u.from)),
  );
}
