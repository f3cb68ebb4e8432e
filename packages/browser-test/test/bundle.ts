// Bundling for browsers the way an app would: esbuild, platform "browser" (so any import of a
// Node built-in is an error, not a silent external), the "browser" export condition, and the
// "zarrkit-source" condition so the workspace packages' TypeScript sources are bundled.
import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { wasmAssets } from "@zarrkit/test-utils";
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
