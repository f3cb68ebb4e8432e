// Each tutorial page links to the reference entries of the API names its examples use. The
// links' targets are checked by the site build (VitePress fails on a dead link into api/).
import { describe, expect, it } from "vitest";
import { apiLinks, missingApiLinks, usedApiNames } from "./api-links.js";
import { examplesOf, loadPages, type Page, parseBlocks } from "./pages.js";

const GUIDES = ["getting-started.md", "data-types.md", "migrating-to-v3.md", "writing-a-codec.md"];
const pages = loadPages().filter(
  (p) => /^(tutorial|stores)\//.test(p.file) || GUIDES.includes(p.file),
);

function page(source: string): Pick<Page, "examples" | "source"> {
  return { source, examples: examplesOf(source, parseBlocks(source)) };
}

it("finds the tutorial, store and guide pages", () => {
  expect(pages.filter((p) => p.file.startsWith("tutorial/")).length).toBeGreaterThanOrEqual(16);
  expect(pages.filter((p) => p.file.startsWith("stores/")).length).toBeGreaterThanOrEqual(5);
  expect(
    pages
      .filter((p) => GUIDES.includes(p.file))
      .map((p) => p.file)
      .sort(),
  ).toEqual([...GUIDES].sort());
});

describe.each(pages.map((p) => [p.file, p] as const))("%s", (_file, p) => {
  it("links to the reference entry of every API name its examples use", () => {
    expect(missingApiLinks(p).map((u) => `${u.from}: ${u.name}`)).toEqual([]);
  });
});

describe("the extractor", () => {
  const source = [
    "```ts",
    'import * as zarr from "zarrkit";',
    'import { MemoryStore, type Store as S } from "@zarrkit/store-memory";',
    'import { readFileSync } from "node:fs";',
    "// zarr.comment is not code",
    'const z = await zarr.zeros([2], { store: new MemoryStore(), note: "zarr.inString" });',
    "console.log(zarr.blosc.list(), readFileSync, z.zarrFormat);",
    "```",
    "",
  ].join("\n");

  it("collects namespace members and named imports of documented packages only", () => {
    expect(usedApiNames(page(source))).toEqual([
      { name: "MemoryStore", from: "@zarrkit/store-memory" },
      { name: "Store", from: "@zarrkit/store-memory" },
      { name: "zeros", from: "zarrkit" },
      { name: "blosc", from: "zarrkit" },
    ]);
  });

  it("reads reference links in absolute and relative forms", () => {
    expect(
      apiLinks(
        "[a](/api/@zarrkit/core/functions/zeros) [b](../api/zarrkit/worker/variables/workerModule.md#x)",
      ),
    ).toEqual([
      { name: "zeros", pkg: "@zarrkit/core" },
      { name: "workerModule", pkg: "zarrkit/worker" },
    ]);
  });

  it("reports a name whose link is missing, or points into another package", () => {
    const linked =
      "[z](/api/@zarrkit/core/functions/zeros) [b](/api/@zarrkit/codec-blosc/variables/blosc) [s](/api/@zarrkit/core/interfaces/Store)";
    expect(
      missingApiLinks(
        page(`${source}${linked} [m](/api/@zarrkit/store-memory/classes/MemoryStore)`),
      ),
    ).toEqual([{ name: "Store", from: "@zarrkit/store-memory" }]);
  });

  it("fails a real page whose link is removed", () => {
    const creating = pages.find((p) => p.file === "tutorial/creating.md")!;
    const cut = creating.source.replace(/\[`zarr\.zeros`\]\([^)]*\)/g, "`zarr.zeros`");
    expect(cut).not.toBe(creating.source);
    expect(missingApiLinks({ ...creating, source: cut })).toEqual([
      { name: "zeros", from: "zarrkit" },
    ]);
  });
});
