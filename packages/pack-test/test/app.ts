// A fresh app outside the workspace that installs packed tarballs with plain npm, as a user's
// project would install the published packages.
import { execFile } from "node:child_process";
import { cpSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The app's files (smoke scripts, typed sources, browser entries), copied into every app. */
export const APP_FILES = fileURLToPath(new URL("../app", import.meta.url));

/**
 * Creates `dir` with a package.json that depends on `direct` (package names) and installs it
 * with npm. Every zarrkit package resolves to its tarball through `overrides`, so npm never
 * asks the registry for one of ours (third-party dependencies come from the registry).
 */
export async function installApp(
  dir: string,
  direct: string[],
  tarballs: Map<string, string>,
): Promise<void> {
  cpSync(APP_FILES, dir, { recursive: true });
  const spec = (name: string) => {
    const file = tarballs.get(name);
    if (file === undefined) throw new Error(`no tarball for ${name}: is it a workspace package?`);
    return `file:${file}`;
  };
  const manifest = {
    name: "zarrkit-pack-test-app",
    version: "1.0.0",
    private: true,
    type: "module",
    dependencies: Object.fromEntries(direct.map((n) => [n, spec(n)])),
    overrides: Object.fromEntries([...tarballs.keys()].map((n) => [n, spec(n)])),
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  try {
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: dir,
      maxBuffer: 64 << 20,
    });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`npm install in ${dir} failed:\n${stdout ?? ""}${stderr ?? ""}`, { cause: e });
  }
}

/**
 * The zarrkit packages anywhere in an app's node_modules (`zarrkit` and every `@zarrkit/*`,
 * nested copies included), as "name" or "name (path)" when not at the top level.
 */
export function installedZarrkitPackages(dir: string): string[] {
  const found: string[] = [];
  const walk = (nm: string, depth: number) => {
    if (!existsSync(nm)) return;
    for (const entry of readdirSync(nm)) {
      const names = entry.startsWith("@")
        ? readdirSync(join(nm, entry)).map((n) => `${entry}/${n}`)
        : [entry];
      for (const name of names) {
        if (name === "zarrkit" || name.startsWith("@zarrkit/")) {
          found.push(depth === 0 ? name : `${name} (${relative(dir, join(nm, name))})`);
        }
        walk(join(nm, name, "node_modules"), depth + 1);
      }
    }
  };
  walk(join(dir, "node_modules"), 0);
  return found.sort();
}

export interface NodeRun {
  stdout: string;
  stderr: string;
}

/** Runs `file` of the app with plain node (no loader, no flags). */
export async function runNode(dir: string, file: string): Promise<NodeRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [file], {
      cwd: dir,
      timeout: 60_000,
      maxBuffer: 64 << 20,
    });
    return { stdout, stderr };
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`node ${file} failed in ${dir}:\n${stdout ?? ""}${stderr ?? ""}`, { cause: e });
  }
}
