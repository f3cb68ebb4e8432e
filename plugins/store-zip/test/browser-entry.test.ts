// The browser entry must not reach a Node module, directly or through the files it imports;
// bundlers would fail on it (or ship a polyfill) and the reader is meant for pages.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { moduleSpecifiers } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "..", "src");

/** Every module specifier `file` imports (static and dynamic), following relative ones. */
function importGraph(entry: string): { files: string[]; external: string[] } {
  const files = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, "utf8");
    for (const spec of moduleSpecifiers(source)) {
      if (spec.startsWith(".")) visit(join(dirname(file), spec.replace(/\.js$/, ".ts")));
      else external.add(spec);
    }
  };
  visit(join(SRC, entry));
  return {
    files: [...files].map((f) => f.slice(SRC.length + 1)).sort(),
    external: [...external].sort(),
  };
}

describe("the browser entry", () => {
  it("imports core, pako and pure modules only", () => {
    const { files, external } = importGraph("browser.ts");
    expect(external).toEqual(["@zarrkit/core", "pako"]);
    expect(files).toEqual([
      "browser.ts",
      "crc32.ts",
      "inflate-bounded-web.ts",
      "inflate-limits.ts",
      "zip-archive-store.ts",
      "zip-format.ts",
    ]);
  });

  it("while the Node entry still reaches node:zlib and node:fs (the scan sees Node imports)", () => {
    const { external } = importGraph("index.ts");
    expect(external).toEqual(expect.arrayContaining(["node:fs", "node:zlib"]));
  });
});
