// Start a worker thread on a TypeScript module: register tsx's loader inside the worker first
// (Node 20 cannot load .ts by itself), with the zarrkit-source export condition.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

const require = createRequire(import.meta.url);

export function tsWorker(module: URL, workerData: unknown): Worker {
  const pkgPath = require.resolve("tsx/package.json");
  const pkg = require(pkgPath) as { exports: Record<string, { import: { default: string } }> };
  const tsx = new URL(pkg.exports["./esm/api"]!.import.default, pathToFileURL(pkgPath)).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(code, { eval: true, workerData, execArgv: ["--conditions=zarrkit-source"] });
}

/** Resolves when the worker posts "ready". */
export function ready(w: Worker): Promise<void> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      if (m !== "ready") return;
      w.off("message", on);
      resolve();
    };
    w.on("message", on);
  });
}

/** Resolves when the worker posts "done", rejects on an error or another exit. */
export function finished(w: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    w.on("message", (m) => m === "done" && resolve());
    w.on("error", reject);
    w.on("exit", (code) => reject(new Error(`worker exited with code ${code} before finishing`)));
  });
}
