// `pnpm pack` for each package (it rewrites workspace: ranges to versions, as publishing does).
// Packing needs the build's dist/: a missing one is an error that says to run `pnpm build`.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { WorkspacePackage } from "@zarrkit/test-utils";

const run = promisify(execFile);

/** The tarball `pnpm pack` writes for `name@version`. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`;
}

/** Packs every package into `dest`, two at a time; returns name -> tarball path. */
export async function packAll(
  pkgs: WorkspacePackage[],
  dest: string,
): Promise<Map<string, string>> {
  const unbuilt = pkgs.filter((p) => !existsSync(join(p.dir, "dist")));
  if (unbuilt.length > 0) {
    throw new Error(
      `no dist/ in ${unbuilt.map((p) => p.name).join(", ")}: run \`pnpm build\` before this test (scripts/test.sh does)`,
    );
  }
  const out = new Map<string, string>();
  const queue = [...pkgs];
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      await run("pnpm", ["pack", "--pack-destination", dest], { cwd: p.dir });
      const file = join(dest, tarballName(p.name, p.manifest.version));
      if (!existsSync(file)) throw new Error(`pnpm pack in ${p.dir} wrote no ${file}`);
      out.set(p.name, file);
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}
