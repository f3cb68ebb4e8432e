import { spawnSync } from "node:child_process";

/**
 * The reference implementation: Debian's zarr-python 2.13 and numcodecs 0.11, which only the
 * system interpreter can import. Tests call it directly and fail (never skip) without it.
 */
export const PYTHON = process.env.ZARRKIT_PYTHON ?? "/usr/bin/python3";

export interface PythonResult {
  stdout: string;
  stderr: string;
}

/**
 * Run a Python script with the reference libraries. `input` is written to its stdin; the
 * script's stdout comes back. A non-zero exit throws with Python's traceback.
 */
export function runPython(
  script: string,
  input?: string | Uint8Array,
  env?: Record<string, string>,
): PythonResult {
  const r = spawnSync(PYTHON, ["-c", script], {
    // With encoding "buffer", a string input would be rejected: hand it over as UTF-8 bytes.
    input: typeof input === "string" ? Buffer.from(input, "utf8") : input,
    env: { ...process.env, ...env },
    maxBuffer: 1 << 30,
    encoding: "buffer",
  });
  if (r.error)
    throw new Error(
      `cannot run ${PYTHON}: ${r.error.message} (apt-get install -y python3-zarr python3-numcodecs python3-blosc)`,
    );
  const stdout = r.stdout.toString("utf8");
  const stderr = r.stderr.toString("utf8");
  if (r.status !== 0)
    throw new Error(`python exited with ${r.status}:\n${stderr}\n--- script ---\n${script}`);
  return { stdout, stderr };
}

/** Run a script and parse the JSON it prints last. */
export function runPythonJson<T = unknown>(
  script: string,
  input?: string | Uint8Array,
  env?: Record<string, string>,
): T {
  const { stdout } = runPython(script, input, env);
  return JSON.parse(stdout.trim().split("\n").pop() ?? "null") as T;
}

/** Run a script that writes raw bytes to stdout (e.g. encoded chunk bytes). */
export function runPythonBytes(script: string, input?: string | Uint8Array): Uint8Array {
  const r = spawnSync(PYTHON, ["-c", script], { input, maxBuffer: 1 << 30 });
  if (r.error) throw new Error(`cannot run ${PYTHON}: ${r.error.message}`);
  if (r.status !== 0)
    throw new Error(`python exited with ${r.status}:\n${r.stderr.toString("utf8")}`);
  return new Uint8Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.byteLength);
}
