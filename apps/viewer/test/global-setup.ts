// Builds the viewer with Vite, as `pnpm --filter @zarrkit/viewer build` does, into a temp
// folder the test files serve with nginx.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildViewer } from "./build-viewer.js";

declare module "vitest" {
  export interface ProvidedContext {
    viewerDist: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const out = mkdtempSync(join(tmpdir(), "zarrkit-viewer-dist-"));
  await buildViewer(out);
  project.provide("viewerDist", out);
  return () => rmSync(out, { recursive: true, force: true });
}
