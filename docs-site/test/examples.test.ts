// Every ```ts block of every page runs here, page by page, and what it prints with console.log
// must equal the ```txt block that follows it. The expected text comes from zarr-python 2.13
// (see reference/ and reference.test.ts), never from zarrkit itself.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { writePageModules } from "./generate.js";
import { loadPages, type Page } from "./pages.js";

const pages = loadPages().filter((p) => p.examples.length > 0);
const modules = writePageModules();

/** Trailing spaces and trailing blank lines are not significant. */
function normalize(text: string): string {
  return text
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")
    .replace(/\n+$/, "");
}

/** Both texts in full, differing lines marked, so a failure reads without a terminal diff. */
function describeMismatch(
  page: Page,
  line: number,
  txtLine: number,
  expected: string,
  actual: string,
): string {
  const e = expected.split("\n");
  const a = actual.split("\n");
  const out = [
    `${page.file}:${line} printed something else than the txt block at line ${txtLine}:`,
  ];
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] === a[i]) out.push(`    ${e[i]}`);
    else {
      if (i < e.length) out.push(`  - ${e[i]}`);
      if (i < a.length) out.push(`  + ${a[i]}`);
    }
  }
  return out.join("\n");
}

interface PageRun {
  outputs: string[];
  /** Block that threw (-1: the module failed before its first block) and the error. */
  failure?: { block: number; error: unknown };
}

/** Runs a page's module in a fresh temporary working directory, capturing console.log. */
async function runPage(page: Page): Promise<PageRun> {
  const run: PageRun = { outputs: page.examples.map(() => "") };
  let current = -1;
  const g = globalThis as unknown as { __zarrkitDocs?: { enter(n: number): void } };
  g.__zarrkitDocs = {
    enter(n: number) {
      current = n;
    },
  };
  const log = console.log;
  const cwd = process.cwd();
  const tmp = mkdtempSync(join(tmpdir(), `zarrkit-docs-${page.slug}-`));
  console.log = (...args: unknown[]) => {
    if (current >= 0) run.outputs[current] += `${format(...args)}\n`;
  };
  process.chdir(tmp);
  try {
    await import(pathToFileURL(modules.get(page.file)!).href);
  } catch (error) {
    run.failure = { block: current, error };
  } finally {
    console.log = log;
    process.chdir(cwd);
    rmSync(tmp, { recursive: true, force: true });
  }
  return run;
}

for (const page of pages) {
  describe(page.file, () => {
    let run: PageRun;
    beforeAll(async () => {
      run = await runPage(page);
    }, 600_000);

    for (const ex of page.examples) {
      it(`block ${ex.index} at line ${ex.line}${ex.expected ? " prints its txt block" : " runs"}`, () => {
        const f = run.failure;
        if (f && f.block === ex.index) throw f.error;
        if (f && f.block < 0) throw f.error;
        if (f && f.block < ex.index)
          throw new Error(`not run: block ${f.block} of ${page.file} threw first`);
        if (ex.expected) {
          const actual = normalize(run.outputs[ex.index]!);
          const expected = normalize(ex.expected.code);
          if (actual !== expected)
            throw new Error(describeMismatch(page, ex.line, ex.expected.line, expected, actual));
          expect(actual).toBe(expected);
        } else {
          expect(run.outputs[ex.index], "a block without a txt block must not print").toBe("");
        }
      });
    }
  });
}
