// The workspace's publishable packages, found rather than listed: every package pnpm knows
// that is not private, so a plugin added tomorrow is packed, documented and checked too.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The workspace root (this file is packages/test-utils/src/workspace-packages.ts). */
export const WORKSPACE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  main?: string;
  types?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  name: string;
  dir: string;
  manifest: PackageManifest;
}

export function publishablePackages(): WorkspacePackage[] {
  const out = execFileSync("pnpm", ["ls", "-r", "--depth", "-1", "--json"], {
    cwd: WORKSPACE_ROOT,
    encoding: "utf8",
  });
  const listed = JSON.parse(out) as { name?: string; path: string }[];
  const found: WorkspacePackage[] = [];
  for (const { path } of listed) {
    const manifest = JSON.parse(
      readFileSync(join(path, "package.json"), "utf8"),
    ) as PackageManifest;
    if (manifest.private || path === WORKSPACE_ROOT) continue;
    found.push({ name: manifest.name, dir: path, manifest });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
