// The API reference's gate: every export of every public package has a doc comment. The same
// TypeDoc configuration that `pnpm docs:build` runs (typedoc.config.mjs), without the pages.
import { join } from "node:path";
import { publishablePackages } from "@zarrkit/test-utils";
import { expect, it } from "vitest";
import { publicPackages } from "../typedoc/packages.mjs";
import { findUndocumented } from "./api-check.js";
import { SITE_ROOT } from "./pages.js";

it("the reference covers every publishable package, with the umbrella's three entries", () => {
  const documented = publicPackages();
  expect(documented.map((p) => p.name).sort()).toEqual(
    publishablePackages()
      .map((p) => p.name)
      .sort(),
  );
  const umbrella = documented.find((p) => p.name === "zarrkit");
  expect(umbrella?.entryPoints.map((e) => e.slice(umbrella.dir.length + 1)).sort()).toEqual([
    "src/browser.ts",
    "src/index.ts",
    "src/worker.ts",
  ]);
});

it("every export of every public package has a doc comment", { timeout: 600_000 }, async () => {
  const byPackage: Record<string, string[]> = {};
  for (const u of await findUndocumented({ emit: "none" })) {
    byPackage[u.pkg] = [...(byPackage[u.pkg] ?? []), `${u.name} (${u.kind}, ${u.file})`];
  }
  expect(byPackage, "exports without a doc comment, by package").toEqual({});
});

it("the gate names an undocumented export and passes a documented one", {
  timeout: 300_000,
}, async () => {
  const fixture = join(SITE_ROOT, "test/api-gate-fixture");
  const found = await findUndocumented({
    emit: "none",
    entryPoints: [join(fixture, "src/index.ts")],
    tsconfig: join(fixture, "tsconfig.json"),
    packagesRequiringDocumentation: ["api-gate-fixture"],
  });
  expect(found).toEqual([
    {
      pkg: "api-gate-fixture",
      name: "undocumentedExport",
      kind: "CallSignature",
      file: "src/index.ts",
    },
  ]);
});
