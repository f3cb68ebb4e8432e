// Reads the documentation pages and turns the TypeScript examples of each page into one module.
//
// Rules the pages follow (docs-site/README.md explains them to authors):
// - every ```ts block runs, in page order, as part of one module per page, so later blocks see
//   the variables of earlier ones;
// - a ```txt block that comes right after a ```ts block (only blank lines between) is what that
//   block must print with console.log; other ```txt blocks are ordinary text;
// - `import` lines (one line each) are lifted to the top of the module and deduplicated.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const SITE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface CodeBlock {
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** Line after the closing fence. */
  endLine: number;
}

export interface Example {
  /** Index among the page's ts blocks. */
  index: number;
  code: string;
  line: number;
  /** The ```txt block right after it, if any. */
  expected?: CodeBlock;
}

export interface Page {
  /** Path relative to the site root, e.g. `tutorial/creating.md`. */
  file: string;
  /** File-name stem, e.g. `creating`; also names the page's reference script. */
  slug: string;
  source: string;
  blocks: CodeBlock[];
  examples: Example[];
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)[^\n]*$/;

export function parseBlocks(source: string): CodeBlock[] {
  const lines = source.split("\n");
  const blocks: CodeBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = FENCE.exec(lines[i]!);
    if (!open) {
      i++;
      continue;
    }
    const fence = open[2]!;
    const lang = open[3] ?? "";
    const start = i;
    const body: string[] = [];
    i++;
    while (i < lines.length && !lines[i]!.trim().startsWith(fence)) body.push(lines[i++]!);
    i++; // closing fence
    blocks.push({ lang, code: body.join("\n"), line: start + 1, endLine: i + 1 });
  }
  return blocks;
}

export function examplesOf(source: string, blocks: CodeBlock[]): Example[] {
  const lines = source.split("\n");
  const examples: Example[] = [];
  blocks.forEach((b, k) => {
    if (b.lang !== "ts") return;
    const next = blocks[k + 1];
    let expected: CodeBlock | undefined;
    if (next && next.lang === "txt") {
      const between = lines.slice(b.endLine - 1, next.line - 1);
      if (between.every((l) => l.trim() === "")) expected = next;
    }
    examples.push({
      index: examples.length,
      code: b.code,
      line: b.line,
      ...(expected ? { expected } : {}),
    });
  });
  return examples;
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    if (["demo", "reference", "test", "public"].includes(entry.name)) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (entry.name.endsWith(".md") && entry.name !== "README.md") out.push(p);
  }
}

export function loadPages(): Page[] {
  const files: string[] = [];
  walk(SITE_ROOT, files);
  return files.sort().map((abs) => {
    const source = readFileSync(abs, "utf8");
    const blocks = parseBlocks(source);
    const file = relative(SITE_ROOT, abs).split("\\").join("/");
    const slug = file.replace(/^.*\//, "").replace(/\.md$/, "");
    return { file, slug, source, blocks, examples: examplesOf(source, blocks) };
  });
}

const IMPORT_LINE = /^\s*import\s.+\sfrom\s+["'][^"']+["'];?\s*$|^\s*import\s+["'][^"']+["'];?\s*$/;

/**
 * One module for the page: imports first, then each block preceded by `__docs.enter(n)` so
 * the harness knows which block printed what (and which one threw).
 */
export function pageModule(page: Page): string {
  const imports: string[] = [];
  const body: string[] = [];
  for (const ex of page.examples) {
    body.push(`// ---- ${page.file}:${ex.line} (block ${ex.index})`);
    body.push(`__docs.enter(${ex.index});`);
    for (const line of ex.code.split("\n")) {
      if (IMPORT_LINE.test(line)) {
        const norm = line.trim().replace(/;?$/, ";");
        if (!imports.includes(norm)) imports.push(norm);
      } else body.push(line);
    }
  }
  return [
    `// Generated from docs-site/${page.file} by docs-site/test/pages.ts: edit the page, not this file.`,
    ...imports,
    `const __docs = (globalThis as unknown as { __zarrkitDocs: { enter(n: number): void } }).__zarrkitDocs;`,
    ...body,
    "export {};",
    "",
  ].join("\n");
}
