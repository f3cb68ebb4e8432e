// The API reference (docs-site/api, generated, not committed) and the gate on it: every
// export of every public package carries a doc comment, or `pnpm docs:build` fails naming it.
// The check uses the settings of the per-package command engineers run while writing comments
// (typedoc --validation.notDocumented --excludePrivate --excludeInternal in one package), over
// all public packages at once.
import { fileURLToPath } from "node:url";
import { publicPackages } from "./typedoc/packages.mjs";

// Absolute paths, so the test (test/api-reference.test.ts) can load this file from any directory.
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const packages = publicPackages();

/** @type {Partial<import("typedoc").TypeDocOptions & import("typedoc-plugin-markdown").PluginOptions>} */
export default {
  name: "zarrkit API",
  // One TypeScript program over every package's source (the zarrkit-source condition of
  // tsconfig.api.json), so no build is needed and a name re-exported by another package is
  // documented once, where it is declared, and linked from the rest.
  entryPoints: packages.flatMap((p) => p.entryPoints),
  entryPointStrategy: "resolve",
  tsconfig: here("./tsconfig.api.json"),
  excludePrivate: true,
  excludeInternal: true,
  // Which packages' declarations must be documented (TypeDoc's default is only the package
  // it runs in).
  packagesRequiringDocumentation: packages.map((p) => p.name),
  // The gate is notDocumented alone, as in the shared per-package check; other validation
  // (unexported referenced types, unresolved {@link}s) stays advice, not a build failure.
  validation: { notDocumented: true, notExported: false, invalidLink: false, rewrittenLink: false },
  treatValidationWarningsAsErrors: true,
  // The modules are packages (and the umbrella's subpaths): call them so on the index page.
  locales: { en: { kind_module: "Package", kind_plural_module: "Packages" } },
  plugin: [
    "typedoc-plugin-markdown",
    "typedoc-vitepress-theme",
    here("./typedoc/module-names.mjs"),
  ],
  out: here("./api"),
  docsRoot: here("."),
  readme: "none",
  entryFileName: "index",
  hidePageHeader: true,
  hideBreadcrumbs: false,
  useCodeBlocks: true,
  parametersFormat: "table",
  sidebar: { autoConfiguration: true, format: "vitepress", pretty: false, collapsed: true },
};
