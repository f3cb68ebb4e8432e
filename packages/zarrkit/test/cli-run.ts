// Runs the `zarrkit` bin as a user does: a separate node process on the CLI's source (through
// tsx and the zarrkit-source condition, so no build is needed), with its output and status.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const CLI_ARGS = ["--import", "tsx", "--conditions=zarrkit-source", "src/cli/main.ts"];

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `zarrkit ...args`, piped (stdout and stderr are not terminals). Asynchronous: a blocking
 * spawn would stall vitest's worker for the seconds a run takes.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_ARGS, ...args], {
      cwd: PACKAGE_DIR,
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Any ANSI escape sequence (colour, cursor movement). */
export const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);
