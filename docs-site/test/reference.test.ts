// The expected outputs on the pages must be what zarr-python 2.13 prints for the same steps:
// reference/regenerate.py --check reruns every reference script and compares.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { SITE_ROOT } from "./pages.js";

it("every txt block matches its zarr-python reference script", () => {
  const r = spawnSync(
    "/usr/bin/python3",
    [join(SITE_ROOT, "reference", "regenerate.py"), "--check"],
    {
      encoding: "utf8",
    },
  );
  if (r.error) throw r.error;
  expect(`${r.stdout}${r.stderr}`.trim()).toBe("all expected outputs match zarr-python");
  expect(r.status).toBe(0);
}, 120_000);
