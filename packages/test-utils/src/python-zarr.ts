import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runPythonJson } from "./python.js";

const HELPER = join(dirname(fileURLToPath(import.meta.url)), "..", "python", "zarr_json.py");

/** What zarr-python sees in an array: metadata, attributes and values in manifest encoding. */
export interface PythonArrayView {
  dtype: string;
  shape: number[];
  chunks: number[];
  order: "C" | "F";
  compressor: Record<string, unknown> | null;
  filters: Record<string, unknown>[] | null;
  attrs: Record<string, unknown>;
  values: unknown[];
}

/** Open an array with zarr-python (directory or .zip store) and return what it reads. */
export function pythonReadArray(location: string, path = ""): PythonArrayView {
  return runPythonJson<PythonArrayView>(
    `import runpy,sys; sys.argv=["x","read",${JSON.stringify(location)},${JSON.stringify(path)}]; runpy.run_path(${JSON.stringify(HELPER)}, run_name="__main__")`,
  );
}

/** Python prelude that imports the helper module as `zj` (for tests' own scripts). */
export const PY_HELPERS = `import sys; sys.path.insert(0, ${JSON.stringify(dirname(HELPER))}); import zarr_json as zj; import zarr, numpy as np, numcodecs, json\n`;

/** Write a key -> bytes map as files under `dir` (keys with "/" become folders). */
export function writeTree(dir: string, entries: Iterable<[string, Uint8Array]>): void {
  for (const [k, v] of entries) {
    const p = join(dir, ...k.split("/"));
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, v);
  }
}
