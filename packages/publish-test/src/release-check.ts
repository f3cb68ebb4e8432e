// `pnpm release:check`: every public package checked as it would be published. Packs each one
// with pnpm (workspace: ranges and publishConfig applied, as `pnpm publish` does), then:
// manifest fields (manifest-rules.ts), tarball contents (tarball-rules.ts), publint --strict
// and arethetypeswrong on the tarball, and the size-limit budgets (.size-limit.js). Nothing is
// skipped; any problem exits 1 after everything has been reported. Needs `pnpm build` first.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { publishablePackages, WORKSPACE_ROOT, type WorkspacePackage } from "@zarrkit/test-utils";
import { manifestProblems, type PublicManifest } from "./manifest-rules.js";
import { tarballProblems } from "./tarball-rules.js";

const run = promisify(execFile);
const HERE = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = (name: string) => join(HERE, "node_modules", ".bin", name);

/** Runs a command; returns its output and whether it exited 0 (a failure is a result here). */
async function attempt(cmd: string, args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd, maxBuffer: 64 << 20 });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (e) {
    const { stdout, stderr, message } = e as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${stdout ?? ""}${stderr ?? ""}` || message };
  }
}

async function checkPackage(pkg: WorkspacePackage, dest: string): Promise<string[]> {
  const dir = relative(WORKSPACE_ROOT, pkg.dir);
  const problems = manifestProblems(pkg.manifest as PublicManifest, dir);
  if (!existsSync(join(pkg.dir, "dist"))) {
    return [...problems, `${pkg.name}: no dist/ in ${dir}: run \`pnpm build\` first`];
  }
  const packed = await attempt("pnpm", ["pack", "--pack-destination", dest], pkg.dir);
  const tarball = packed.output.trim().split("\n").pop()!.trim();
  if (!packed.ok || !tarball.endsWith(".tgz")) {
    return [...problems, `${pkg.name}: pnpm pack failed:\n${packed.output}`];
  }
  const files = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((f) => f.replace(/^package\//, ""));
  const read = (path: string) =>
    execFileSync("tar", ["xzf", tarball, "-O", `package/${path}`], { encoding: "utf8" });
  problems.push(...tarballProblems(pkg.name, files, read));
  const lint = await attempt(bin("publint"), ["run", tarball, "--strict"], pkg.dir);
  if (!lint.ok) problems.push(`${pkg.name}: publint:\n${lint.output}`);
  // esm-only: every package is an ES module for Node 20+ and bundlers. The profile leaves out
  // attw's node16-from-CJS resolution (require() of an ES module), which attw reports as an
  // error although Node 20.19+ and 22.12+ load ES modules from require() (packages/pack-test
  // runs the apps through require()); node10 resolution is left out with it, and "main" and
  // "types" are still there for it.
  const types = await attempt(
    bin("attw"),
    [tarball, "--profile", "esm-only", "--format", "ascii", "--no-color", "--no-emoji"],
    pkg.dir,
  );
  if (!types.ok) problems.push(`${pkg.name}: arethetypeswrong:\n${types.output}`);
  const checks = ["manifest", "tarball", "publint", "attw"];
  console.log(`${problems.length === 0 ? "ok  " : "FAIL"} ${pkg.name} (${checks.join(", ")})`);
  return problems;
}

async function main(): Promise<number> {
  const pkgs = publishablePackages();
  const dest = mkdtempSync(join(tmpdir(), "zarrkit-release-check-"));
  const problems: string[] = [];
  try {
    const queue = [...pkgs];
    const worker = async () => {
      for (let p = queue.shift(); p; p = queue.shift())
        problems.push(...(await checkPackage(p, dest)));
    };
    await Promise.all([worker(), worker()]);
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
  const sizes = await attempt(bin("size-limit"), [], HERE);
  console.log(sizes.output.trim());
  if (!sizes.ok) problems.push("size-limit: a bundle is over its budget (above)");
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):\n${problems.join("\n")}`);
    return 1;
  }
  console.log(`\n${pkgs.length} public packages ready to publish; size budgets hold`);
  return 0;
}

process.exitCode = await main();
