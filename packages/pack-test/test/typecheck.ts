// tsc over an app's .ts file against the declarations the tarballs ship, with the module
// resolutions apps use: node16 (Node's ESM rules), bundler, and node10 (TypeScript's classic
// "node", which reads package.json "types"/"main" and ignores "exports").
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");

export const RESOLUTIONS = {
  node16: { module: "node16", moduleResolution: "node16" },
  bundler: { module: "esnext", moduleResolution: "bundler" },
  node10: { module: "es2022", moduleResolution: "node10" },
} as const;

export type Resolution = keyof typeof RESOLUTIONS;

/** tsc's diagnostics for `file` (empty when it type-checks). */
export async function typecheck(
  dir: string,
  file: string,
  resolution: Resolution,
): Promise<string> {
  const config = join(dir, `tsconfig.${resolution}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: {
        ...RESOLUTIONS[resolution],
        target: "es2022",
        lib: ["es2022", "dom"],
        strict: true,
        noEmit: true,
        // The shipped declarations are checked too, not only their use.
        skipLibCheck: false,
        types: [],
      },
      files: [file],
    }),
  );
  try {
    await run(process.execPath, [TSC, "-p", config], { cwd: dir, maxBuffer: 16 << 20 });
    return "";
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    return `${stdout ?? ""}${stderr ?? ""}`.trim() || String(e);
  }
}
