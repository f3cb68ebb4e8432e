import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";

// `new URL("./x.wasm", import.meta.url)` (kept as is by esbuild, so a browser fetches the file
// from beside the bundle) and Emscripten's `wasmBinaryFile = "x.wasm"`.
const WASM_REFERENCE =
  /new URL\(\s*["'`]([^"'`]+\.wasm)["'`]\s*,\s*import\.meta\.url\s*\)|wasmBinaryFile\s*=\s*["'`]([^"'`/]+\.wasm)["'`]/g;

/**
 * The WebAssembly files that the bundled source files `files` fetch from beside the bundle, by
 * file name. A workspace source may fetch a file that only its build puts beside it
 * (codec-bz2's bzip2.wasm, copied from bzip2-wasm into dist/): that one is taken, as its
 * README tells an app to, from the package's dependencies. Throws when a file is missing or
 * ambiguous.
 */
export function wasmAssets(files: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of files) {
    for (const m of readFileSync(file, "utf8").matchAll(WASM_REFERENCE)) {
      const beside = resolve(dirname(file), (m[1] ?? m[2])!);
      const name = basename(beside);
      const asset = existsSync(beside) ? beside : fromDependencies(file, name);
      if (asset === undefined) {
        throw new Error(
          `${file} fetches ${beside}, which is not there (nor in its package's dependencies)`,
        );
      }
      const other = out.get(name);
      if (other !== undefined && other !== asset) {
        throw new Error(`two WebAssembly files named ${name}: ${other} and ${asset}`);
      }
      out.set(name, asset);
    }
  }
  return out;
}

/** The one file named `name` in the dependencies of the package that holds `file`. */
function fromDependencies(file: string, name: string): string | undefined {
  let root = dirname(file);
  while (!existsSync(join(root, "package.json"))) {
    if (dirname(root) === root) return undefined;
    root = dirname(root);
  }
  const { dependencies = {} } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  const found = new Set<string>();
  for (const dep of Object.keys(dependencies)) {
    const dir = join(root, "node_modules", dep);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
      if (basename(f) === name && !f.split(sep).includes("node_modules")) {
        found.add(realpathSync(join(dir, f)));
      }
    }
  }
  if (found.size > 1) {
    throw new Error(
      `${file} fetches ${name}: several in its dependencies: ${[...found].join(", ")}`,
    );
  }
  return found.values().next().value;
}
