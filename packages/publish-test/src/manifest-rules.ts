// What every public package.json must carry to be published: the fields npm, registries and
// bundlers read, checked by name so a missing one is reported as that field.
import type { PackageManifest } from "@zarrkit/test-utils";

const REPOSITORY = "git+https://github.com/zarrkit/zarrkit.git";

/** A public package's manifest, with the publishing fields this check reads. */
export interface PublicManifest extends PackageManifest {
  homepage?: string;
  repository?: { type?: string; url?: string; directory?: string };
  keywords?: string[];
  engines?: Record<string, string>;
  sideEffects?: boolean | string[];
  files?: string[];
  publishConfig?: { access?: string; exports?: unknown };
}

/** `exports` as published: the workspace-only "zarrkit-source" condition removed everywhere. */
export function withoutSourceCondition(exports: unknown): unknown {
  if (exports === null || typeof exports !== "object") return exports;
  return Object.fromEntries(
    Object.entries(exports)
      .filter(([condition]) => condition !== "zarrkit-source")
      .map(([k, v]) => [k, withoutSourceCondition(v)]),
  );
}

/**
 * Problems with the manifest of the public package in `dir` (relative to the workspace root,
 * e.g. "plugins/codec-zlib"), one sentence each; empty when it is ready to publish.
 */
export function manifestProblems(m: PublicManifest, dir: string): string[] {
  const out: string[] = [];
  const say = (field: string, rule: string, got: unknown) =>
    out.push(`${m.name}: "${field}" ${rule}, got ${JSON.stringify(got)}`);
  if (m.license !== "MIT") say("license", 'must be "MIT" (the root LICENSE)', m.license);
  if (m.repository?.url !== REPOSITORY || m.repository?.directory !== dir) {
    say("repository", `must be { url: "${REPOSITORY}", directory: "${dir}" }`, m.repository);
  }
  if (!m.homepage?.startsWith("https://")) say("homepage", "must be an https URL", m.homepage);
  if (!Array.isArray(m.keywords) || !m.keywords.includes("zarr")) {
    say("keywords", 'must be a list that includes "zarr"', m.keywords);
  }
  if (m.engines?.node !== ">=20") say("engines.node", 'must be ">=20"', m.engines?.node);
  // The umbrella has no "sideEffects": it registers every plugin on import, so all of it is a
  // side effect. Everything else says which modules register (or false).
  if (m.name !== "zarrkit" && m.sideEffects === undefined) {
    say("sideEffects", "must be false or the registering modules", m.sideEffects);
  }
  if (!Array.isArray(m.files) || !m.files.includes("dist")) {
    say("files", 'must list what ships, "dist" included', m.files);
  }
  if (m.publishConfig?.access !== "public") {
    say(
      "publishConfig.access",
      'must be "public" (a scoped package is private by default)',
      m.publishConfig?.access,
    );
  }
  const published = withoutSourceCondition(m.exports);
  if (JSON.stringify(m.publishConfig?.exports) !== JSON.stringify(published)) {
    say(
      "publishConfig.exports",
      `must be "exports" without the "zarrkit-source" condition, ${JSON.stringify(published)}`,
      m.publishConfig?.exports,
    );
  }
  for (const [name, range] of Object.entries(m.peerDependencies ?? {})) {
    if (
      (name === "zarrkit" || name.startsWith("@zarrkit/")) &&
      range !== "workspace:0.x" &&
      !/^workspace:>=0\.\d+\.\d+ <1$/.test(range)
    ) {
      say(
        `peerDependencies.${name}`,
        'must be "workspace:0.x" or "workspace:>=0.y.z <1" (CONTRIBUTING.md, Versions)',
        range,
      );
    }
  }
  return out;
}
