// Facts the pages state about the packages, checked against the packages themselves: the
// package table lists every publishable package, the peer range a codec declares matches
// core's version, and the bundle sizes are what the bench script measures now.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { publishablePackages, WORKSPACE_ROOT } from "@zarrkit/test-utils";
import { expect, it } from "vitest";
import { SITE_ROOT } from "./pages.js";

const page = (file: string) => readFileSync(join(SITE_ROOT, file), "utf8");

/**
 * The package names a Markdown table mentions: `@zarrkit/x`, `zarrkit`, and the short forms
 * `-y` that stand for `@zarrkit/<kind>-y` after a `@zarrkit/<kind>-x` in the same row.
 */
function tablePackages(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const row of markdown.split("\n").filter((l) => l.startsWith("|"))) {
    let kind: string | undefined;
    for (const [, code] of row.matchAll(/`([^`]+)`/g)) {
      const full = /^(@zarrkit\/([a-z]+)-[a-z0-9-]+|@zarrkit\/[a-z0-9-]+|zarrkit)$/.exec(code!);
      if (full) {
        names.add(full[1]!);
        kind = full[2] ?? kind;
      } else if (kind && /^-[a-z0-9-]+$/.test(code!)) {
        names.add(`@zarrkit/${kind}${code}`);
      }
    }
  }
  return names;
}

it("the package table of index.md lists every publishable package", () => {
  const listed = tablePackages(page("index.md"));
  const missing = publishablePackages()
    .map((p) => p.name)
    .filter((n) => !listed.has(n));
  expect(missing, "packages missing from the table on docs-site/index.md").toEqual([]);
});

it("the table reader expands short forms only within a row", () => {
  const names = tablePackages(
    "| `@zarrkit/codec-blosc`, `-zlib` | x |\n| `-bz2` | y |\n| `zarrkit` | `@zarrkit/core` |",
  );
  expect([...names].sort()).toEqual([
    "@zarrkit/codec-blosc",
    "@zarrkit/codec-zlib",
    "@zarrkit/core",
    "zarrkit",
  ]);
});

it("writing-a-codec.md declares the peer range zarrkit's own plugins publish on @zarrkit/core", () => {
  const { peerDependencies } = JSON.parse(
    readFileSync(join(WORKSPACE_ROOT, "plugins", "codec-zlib", "package.json"), "utf8"),
  ) as { peerDependencies: Record<string, string> };
  const text = page("writing-a-codec.md");
  const declared = /"peerDependencies": \{ "@zarrkit\/core": "([^"]+)" \}/.exec(text)?.[1];
  expect(declared).toBe("0.x");
  expect(`workspace:${declared}`).toBe(peerDependencies["@zarrkit/core"]);
});

it("getting-started.md shows the bundle sizes the bench script measures from the sources now", () => {
  const text = page("getting-started.md");
  // The figures come from the script's table, never typed into the page.
  expect(text).toContain("<!--@include: ../bench/results/bundle-size-docs.md-->");
  expect(text).not.toMatch(/\d+ kB/);
  const bench = join(WORKSPACE_ROOT, "bench");
  const r = spawnSync(
    join(bench, "node_modules", ".bin", "tsx"),
    ["src/bundle-size.ts", "--check"],
    { cwd: bench, encoding: "utf8" },
  );
  if (r.error) throw r.error;
  expect(`${r.stdout}${r.stderr}`.trim()).toBe("the docs' bundle sizes match a fresh build");
  expect(r.status).toBe(0);
}, 300_000);
