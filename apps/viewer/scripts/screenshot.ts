// Regenerates screenshot.png (the README's picture): builds the viewer, writes a demo store
// with zarr-python, serves both with nginx and photographs the page in headless Chromium.
// Run: pnpm --filter @zarrkit/viewer screenshot
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "@zarrkit/browser-test/browser";
import { startNginx } from "@zarrkit/test-servers";
import { runPython } from "@zarrkit/test-utils";
import { APP_DIR, buildViewer } from "../test/build-viewer.js";

const root = mkdtempSync(join(tmpdir(), "zarrkit-viewer-shot-"));
try {
  await buildViewer(join(root, "dist"));
  cpSync(join(root, "dist"), join(root, "viewer"), { recursive: true });
  runPython(`
import numpy as np, zarr
g = zarr.open_group(${JSON.stringify(join(root, "data/demo.zarr"))}, mode="w")
t, y, x = np.meshgrid(np.arange(6), np.linspace(-1, 1, 480), np.linspace(-1.6, 1.6, 768), indexing="ij")
r = np.hypot(x, y)
waves = np.sin(12 * r - t) * np.exp(-r) + 0.3 * np.cos(5 * x + t) * np.sin(4 * y)
z = g.create_dataset("waves", data=waves.astype("<f4"), chunks=(1, 128, 128))
z.attrs["_ARRAY_DIMENSIONS"] = ["time", "y", "x"]
z.attrs["description"] = "interfering waves, one frame per time step"
g.create_group("labels").create_dataset("mask", data=(r < 0.5).astype("|u1"), chunks=(1, 128, 128))
zarr.consolidate_metadata(g.store)
`);
  const nginx = await startNginx({ root });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(
      `${nginx.url}viewer/index.html?url=/data/demo.zarr&path=waves&index=2&cmap=magma`,
    );
    await page.waitForFunction(
      () => {
        const d = document.querySelector<HTMLCanvasElement>("#canvas")?.dataset;
        return (
          d?.plane === "waves|2" &&
          d.pending === "0" &&
          document.querySelector<HTMLInputElement>("#min")?.value !== ""
        );
      },
      undefined,
      { timeout: 30_000 },
    );
    const out = join(APP_DIR, "screenshot.png");
    writeFileSync(out, await page.screenshot());
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
    await nginx.stop();
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
