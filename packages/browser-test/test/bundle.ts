// Bundling for browsers the way an app would: esbuild, platform "browser" (so any import of a
// Node built-in is an error, not a silent external), the "browser" export condition, and the
// "zarrkit-source" condition so the workspace packages' TypeScript sources are bundled.
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { builtinModules } from "node:module";
import { basename, dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Message, type Metafile } from "esbuild";

/** The workspace root (this file is packages/browser-test/test/bundle.ts). */
export const WORKSPACE = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export interface BundleOptions {
  /** An entry file, or the source of one (resolved from `resolveDir`). */
  entry: string | { contents: string; resolveDir: string };
  minify?: boolean;
}

export interface BrowserBundle {
  code: string;
  metafile: Metafile;
  /** WebAssembly files the code fetches from beside itself: file name -> absolute path. */
  wasm: Map<string, string>;
  /** Input files (absolute paths) with the name of the package each belongs to. */
  inputs: { path: string; pkg: string }[];
  /** Imports of Node built-ins: must be empty for a browser bundle. */
  nodeBuiltins: BuiltinImport[];
}

const NODE_BUILTINS = new Set(builtinModules);

/** `node:fs`, `fs`, `fs/promises`, ...: what a browser bundle must never import. */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || NODE_BUILTINS.has(specifier.split("/")[0]!);
}

function describe(messages: Message[]): string {
  return messages
    .map((m) => {
      const at = m.location ? `${m.location.file}:${m.location.line}: ` : "";
      const notes = m.notes.map((n) => `\n    ${n.text}`).join("");
      return `  ${at}${m.text}${notes}`;
    })
    .join("\n");
}

/** One import of a Node built-in that esbuild could not resolve for the browser. */
export interface BuiltinImport {
  specifier: string;
  /** `file:line` of the import, relative to the workspace. */
  at: string;
}

/**
 * Bundle for browsers. An import of a Node built-in fails a browser build; such imports are
 * collected in `nodeBuiltins` (the caller fails on them) and the bundle is built again with
 * them left external, so the rest can still be run and measured.
 */
export async function bundleForBrowser(opts: BundleOptions): Promise<BrowserBundle> {
  const entry =
    typeof opts.entry === "string"
      ? { entryPoints: [opts.entry] }
      : {
          stdin: {
            contents: opts.entry.contents,
            resolveDir: opts.entry.resolveDir,
            loader: "ts" as const,
            sourcefile: "app.ts",
          },
        };
  const run = (external: string[]) =>
    build({
      ...entry,
      absWorkingDir: WORKSPACE,
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      conditions: ["zarrkit-source", "browser"],
      minify: opts.minify ?? false,
      metafile: true,
      write: false,
      logLevel: "silent",
      external,
    });
  let result: Awaited<ReturnType<typeof run>>;
  const nodeBuiltins: BuiltinImport[] = [];
  try {
    result = await run([]);
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (!errors) throw e;
    for (const m of errors) {
      const specifier = /^Could not resolve "([^"]+)"/.exec(m.text)?.[1];
      if (specifier === undefined || !isNodeBuiltin(specifier)) {
        throw new Error(`the browser bundle failed:\n${describe(errors)}`);
      }
      const at = m.location ? `${m.location.file}:${m.location.line}` : "?";
      nodeBuiltins.push({ specifier, at });
    }
    result = await run([...new Set(nodeBuiltins.map((b) => b.specifier))]);
  }
  if (result.warnings.length > 0) {
    throw new Error(`the browser bundle has warnings:\n${describe(result.warnings)}`);
  }
  const { metafile } = result;
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const i of input.imports) {
      if (
        i.external &&
        isNodeBuiltin(i.path) &&
        !nodeBuiltins.some((b) => b.specifier === i.path)
      ) {
        nodeBuiltins.push({ specifier: i.path, at: file });
      }
    }
  }
  const code = result.outputFiles[0]!.text;
  const inputs = Object.keys(metafile.inputs)
    .map((p) => resolve(WORKSPACE, p))
    // Leaves out the app given as source (no such file), and "(disabled):stream/web" for
    // modules a package's "browser" field maps to false.
    .filter((path) => existsSync(path))
    .map((path) => ({ path, pkg: packageOf(path) }));
  return { code, metafile, wasm: wasmAssets(inputs.map((i) => i.path)), inputs, nodeBuiltins };
}

/** "fs (node_modules/.../x.mjs:12), path (...)": for failure messages. */
export function describeBuiltins(list: BuiltinImport[]): string {
  return list.map((b) => `${b.specifier} (${b.at})`).join(", ");
}

const packageNames = new Map<string, string>();

/** The `name` in the nearest package.json above `file`. */
export function packageOf(file: string): string {
  let dir = dirname(file);
  const seen: string[] = [];
  for (;;) {
    const known = packageNames.get(dir);
    if (known !== undefined) return remember(seen, known);
    seen.push(dir);
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string };
      if (name) return remember(seen, name);
    }
    const parent = dirname(dir);
    if (parent === dir) return remember(seen, "(no package)");
    dir = parent;
  }
}

function remember(dirs: string[], name: string): string {
  for (const d of dirs) packageNames.set(d, name);
  return name;
}

/**
 * esbuild keeps `new URL("./x.wasm", import.meta.url)` as is, so the browser fetches the file
 * from beside the bundle: find every such file among the inputs, to serve it there.
 */
function wasmAssets(files: string[]): Map<string, string> {
  const out = new Map<string, string>();
  // `new URL("./x.wasm", import.meta.url)`, and Emscripten's `wasmBinaryFile = "x.wasm"`
  // (fetched from beside the script, i.e. the bundle, in a browser).
  const pattern =
    /new URL\(\s*["'`]([^"'`]+\.wasm)["'`]\s*,\s*import\.meta\.url\s*\)|wasmBinaryFile\s*=\s*["'`]([^"'`/]+\.wasm)["'`]/g;
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(pattern)) {
      const beside = resolve(dirname(file), (m[1] ?? m[2])!);
      const name = beside.slice(beside.lastIndexOf("/") + 1);
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

/**
 * A workspace package's source that fetches `name` from beside itself has no such file beside
 * it (its build copies the file into dist/ from a dependency, such as codec-bz2's bzip2.wasm
 * from bzip2-wasm). Do what its README tells an app to do: take the one file of that name
 * among the package's dependencies.
 */
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
