// zarrkit reads, over HTTP from a real nginx serving fixtures/, every store zarr-python wrote:
// the 2.13 fixtures (directories and the zip) and the 3.1 hierarchy (directory and zips), each
// opened by its http:// location string; values compared with the manifests.
import { FIXTURES_V3, v3FixtureManifest } from "@zarrkit/codec-test-utils";
import { type NginxServer, startNginx } from "@zarrkit/test-servers";
import { elementsOf, FIXTURES_DIR, fixtureManifest, toManifestValue } from "@zarrkit/test-utils";
import { relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as zarr from "zarrkit";

let nginx: NginxServer;
beforeAll(async () => {
  nginx = await startNginx({ root: FIXTURES_DIR });
});
afterAll(() => nginx?.stop());

describe("zarr-python 2.13 fixtures over HTTP", () => {
  for (const f of fixtureManifest()) {
    it(`${f.store}${f.array ? `/${f.array}` : ""} (${f.features.join(", ")})`, async () => {
      const z = await zarr.openArray(`${nginx.url}zarr-v2/${f.store}`, {
        mode: "r",
        path: f.array,
      });
      expect(z.shape).toEqual(f.shape);
      expect(z.chunks).toEqual(f.chunks);
      expect(z.dtype).toBe(f.dtype);
      const all = await z.get(null);
      expect(elementsOf(all).map(toManifestValue)).toEqual(f.values);
    });
  }
});

const V3_STORES = ["data.zarr", "data.zipped_from_within.zarr.zip", "data.uncompressed.zarr.zip"];

describe("zarr-python 3.1 fixtures over HTTP", () => {
  const v3 = relative(FIXTURES_DIR, FIXTURES_V3);
  for (const store of V3_STORES) {
    it(`every array of ${store}`, async () => {
      // one store for all arrays: a zip's directory is read once
      const source = await zarr.resolveStore(`${nginx.url}${v3}/${store}`, "r");
      for (const f of v3FixtureManifest()) {
        const z = await zarr.openArray(source, { mode: "r", path: f.array });
        expect(z.zarrFormat, f.array).toBe(3);
        expect(z.shape, f.array).toEqual(f.shape);
        expect(elementsOf((await z.get(null)) as zarr.NdArray), f.array).toEqual(f.values);
      }
      if (store.endsWith(".zip")) {
        // the archive lists its members, so the root group opens and lists them
        const root = await zarr.openGroup(source, { mode: "r" });
        expect((await root.groupKeys()).sort()).toEqual(["consolidated", "my group with spaces"]);
      }
      await source.close?.();
    });
  }
});
