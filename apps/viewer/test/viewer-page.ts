// The viewer as a user gets it: its build served by the test's nginx, beside the stores it
// opens, in headless Chromium (Debian's, through playwright-core).
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Chromium, launchChromium } from "@zarrkit/browser-test/browser";
import { type AccessLogEntry, type NginxServer, startNginx } from "@zarrkit/test-servers";
import type { Page } from "playwright-core";
import { inject } from "vitest";

export interface ViewerSite {
  /** nginx's root: the viewer in `viewer/`, stores written anywhere else. */
  root: string;
  nginx: NginxServer;
  browser: Chromium;
  page: Page;
  /** Page errors, console errors and failed requests (but metadata probes) so far. */
  problems: string[];
  close(): Promise<void>;
}

const METADATA = /\/(\.zarray|\.zgroup|\.zattrs|\.zmetadata|zarr\.json)$/;

export function isMetadata(path: string): boolean {
  return METADATA.test(path);
}

export async function startViewerSite(): Promise<ViewerSite> {
  const root = mkdtempSync(join(tmpdir(), "zarrkit-viewer-site-"));
  cpSync(inject("viewerDist"), join(root, "viewer"), { recursive: true });
  const nginx = await startNginx({ root });
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // Opening a node probes for metadata keys that may not exist; Chromium logs those 404s.
    if (/status of 404/.test(m.text())) return;
    if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !(r.status() === 404 && isMetadata(new URL(r.url()).pathname)))
      problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return {
    root,
    nginx,
    browser,
    page,
    problems,
    async close() {
      await browser.close();
      await nginx.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Waits until the canvas shows `plane` ("path|i,j") with every tile of the view drawn. */
export async function waitForPlane(page: Page, plane: string): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const d = document.querySelector<HTMLCanvasElement>("#canvas")?.dataset;
      const status = document.querySelector("#status");
      if (status?.classList.contains("error")) throw new Error(status.textContent ?? "error");
      return d?.plane === want && d.pending === "0";
    },
    plane,
    { timeout: 30_000 },
  );
}

/** The chunk keys (paths below `prefix`) nginx served since the last clear, in order. */
export async function chunkRequests(nginx: NginxServer, prefix: string): Promise<string[]> {
  const log: AccessLogEntry[] = await nginx.accessLog();
  return log
    .filter((e) => e.path.startsWith(prefix) && !isMetadata(e.path))
    .map((e) => e.path.slice(prefix.length));
}

/** The text of the element `selector` selects ("" when it has none). */
export async function textOf(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).textContent()) ?? "";
}
