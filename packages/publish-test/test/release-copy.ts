// The release, rehearsed in a copy: the workspace's manifests, changesets and built packages
// copied to a temporary folder, where `changeset version` and `pnpm publish -r` run, so the
// working tree is never touched.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { WORKSPACE_ROOT } from "@zarrkit/test-utils";

const run = promisify(execFile);

/** Workspace package folders (relative), public or not: changesets needs the whole graph. */
export async function workspaceDirs(): Promise<{ dir: string; private: boolean; name: string }[]> {
  const { stdout } = await run("pnpm", ["ls", "-r", "--depth", "-1", "--json"], {
    cwd: WORKSPACE_ROOT,
  });
  return (JSON.parse(stdout) as { path: string }[])
    .filter((p) => p.path !== WORKSPACE_ROOT)
    .map((p) => {
      const m = JSON.parse(readFileSync(join(p.path, "package.json"), "utf8"));
      return { dir: relative(WORKSPACE_ROOT, p.path), private: m.private === true, name: m.name };
    });
}

const SKIP = /(^|\/)(node_modules|test|\.turbo|bench|\.vitest-report\.json)(\/|$)/;

/**
 * Copies into `dest` what a release reads: the root manifest, workspace list, changesets and
 * LICENSE; every package.json; the contents of every public package (and of the extra folders
 * given, e.g. the example codec); with `manifestsOnly`, only the package.json files (enough for
 * `changeset version`). The workspace's node_modules is linked, for changesets' own modules.
 */
export async function copyForRelease(
  dest: string,
  { extra = [] as string[], manifestsOnly = false } = {},
): Promise<void> {
  for (const f of ["package.json", "pnpm-workspace.yaml", "LICENSE", "README.md", ".changeset"]) {
    cpSync(join(WORKSPACE_ROOT, f), join(dest, f), { recursive: true });
  }
  symlinkSync(join(WORKSPACE_ROOT, "node_modules"), join(dest, "node_modules"));
  const dirs = await workspaceDirs();
  for (const pkg of dirs) {
    const from = join(WORKSPACE_ROOT, pkg.dir);
    mkdirSync(join(dest, pkg.dir), { recursive: true });
    if (manifestsOnly || (pkg.private && !extra.includes(pkg.dir))) {
      cpSync(join(from, "package.json"), join(dest, pkg.dir, "package.json"));
    } else {
      cpSync(from, join(dest, pkg.dir), {
        recursive: true,
        filter: (src) => !SKIP.test(relative(from, src)),
      });
    }
  }
  if (!manifestsOnly) linkWorkspaceDependencies(dest, dirs);
}

/**
 * pnpm resolves a `workspace:` range at publish from the dependency's installed package.json:
 * link each workspace dependency into the copy's node_modules, as `pnpm install` would (without
 * installing anything else, which publishing does not need).
 */
function linkWorkspaceDependencies(dest: string, dirs: { dir: string; name: string }[]): void {
  const where = new Map(dirs.map((p) => [p.name, p.dir]));
  for (const { dir } of dirs) {
    const manifest = JSON.parse(readFileSync(join(dest, dir, "package.json"), "utf8"));
    const ranges = {
      ...manifest.dependencies,
      ...manifest.devDependencies,
      ...manifest.peerDependencies,
    } as Record<string, string>;
    for (const [name, range] of Object.entries(ranges)) {
      const target = where.get(name);
      if (!range.startsWith("workspace:") || target === undefined) continue;
      const link = join(dest, dir, "node_modules", name);
      mkdirSync(dirname(link), { recursive: true });
      if (!existsSync(link)) symlinkSync(join(dest, target), link);
    }
  }
}

/** `changeset version` in the copy: versions, ranges and CHANGELOG.md files, as a release does. */
export async function changesetVersion(dest: string): Promise<string> {
  const cli = join(WORKSPACE_ROOT, "node_modules", "@changesets", "cli", "bin.js");
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, "version"], { cwd: dest });
    return `${stdout}${stderr}`;
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`changeset version failed:\n${stdout ?? ""}${stderr ?? ""}`, { cause: e });
  }
}

/** The first release's version: every public package ships at it (CONTRIBUTING.md, Versions). */
export const FIRST_RELEASE = "0.1.0";

/** Public packages of the copy whose version is not `want`, as "name: version". */
export async function versionsOtherThan(dest: string, want: string): Promise<string[]> {
  const out: string[] = [];
  for (const pkg of await workspaceDirs()) {
    if (pkg.private) continue;
    const { version } = JSON.parse(readFileSync(join(dest, pkg.dir, "package.json"), "utf8"));
    if (version !== want) out.push(`${pkg.name}: ${version}`);
  }
  return out;
}
