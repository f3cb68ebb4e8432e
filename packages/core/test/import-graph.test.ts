import { readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { SRC, sources } from "./helpers/source-files.js";

/** Each source file's relative imports that exist at run time (`import type` left out). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, "utf8");
    const deps: string[] = [];
    for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+"(\.[^"]+)\.js";/gms)) {
      if (m[1]) continue;
      deps.push(normalize(join(dirname(file), `${m[2]}.ts`)));
    }
    graph.set(file, deps);
  }
  return graph;
}

describe("core's import graph", () => {
  it("has no cycles", () => {
    const graph = importGraph();
    const cycles: string[] = [];
    const done = new Set<string>();
    const visit = (file: string, path: string[]) => {
      if (path.includes(file)) {
        cycles.push(
          [...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(" -> "),
        );
        return;
      }
      if (done.has(file)) return;
      for (const dep of graph.get(file) ?? []) visit(dep, [...path, file]);
      done.add(file);
    };
    for (const file of graph.keys()) visit(file, []);
    // The number of source files grows with core: a floor, so the walk is known to have run.
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles).toEqual([]);
  });

  it("keeps plugins out of core", () => {
    const offending = sources(SRC).filter((f) =>
      /^(import|export)\s[^;(]*?\sfrom\s+"@zarrkit\/(?!core")/ms.test(readFileSync(f, "utf8")),
    );
    expect(offending).toEqual([]);
  });
});
