// Vitest globalSetup: nginx on 127.0.0.1 serving a store zarr-python wrote, for the examples
// of stores/http.md, which find it through ZARRKIT_DOCS_HTTP_URL (forked test workers inherit
// the variable). Stopped when the run ends.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNginx } from "@zarrkit/test-servers";
import { runPython } from "@zarrkit/test-utils";

export default async function setup(): Promise<() => Promise<void>> {
  const root = mkdtempSync(join(tmpdir(), "zarrkit-docs-http-"));
  // example.zarr: a group with temperature (100x100 int32, values 0..9999 row by row, in
  // 10x10 chunks, attribute units="K"), consolidated.
  runPython(`
import numpy as np, zarr
g = zarr.open_group(${JSON.stringify(join(root, "example.zarr"))}, mode="w")
t = g.create_dataset("temperature", data=np.arange(10000, dtype="i4").reshape(100, 100), chunks=(10, 10))
t.attrs["units"] = "K"
zarr.consolidate_metadata(g.store)
# example.zip: the same group in a zip archive (zarr.ZipStore), for the zip section
z = zarr.ZipStore(${JSON.stringify(join(root, "example.zip"))}, mode="w")
zarr.copy_store(g.store, z)
z.close()
`);
  const server = await startNginx({ root });
  process.env.ZARRKIT_DOCS_HTTP_URL = server.url;
  return async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  };
}
