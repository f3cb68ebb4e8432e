import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type NginxServer, startNginx } from "@zarrkit/test-servers";
import { FIXTURES_V2, fixtureManifest, runPythonJson, toManifestValue } from "@zarrkit/test-utils";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";

let root: string;
let nginx: NginxServer;
let fixtures: NginxServer;

/** A fetch that records each request as "METHOD /path" (what the client asked). */
function countingFetch() {
  const requests: string[] = [];
  const f: typeof fetch = (input, init) => {
    requests.push(`${init?.method ?? "GET"} ${new URL(String(input)).pathname}`);
    return fetch(input, init);
  };
  return { fetch: f, requests };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "zarrkit-http-"));
  for (const zarrFormat of [2, 3] as const) {
    const path = join(root, `v${zarrFormat}.zarr`);
    const g = await zarr.openGroup(path, { mode: "w", zarrFormat });
    const a = await g.zeros("foo/bar", { shape: [40, 30], chunks: [20, 10], dtype: "i4" });
    await a.set(null, { data: Int32Array.from({ length: 1200 }, (_, i) => i), shape: [40, 30] });
    await a.attrs.set("units", "m");
    await g.zeros("foo/baz", { shape: [5], chunks: [5], dtype: "f8" });
    await zarr.consolidateMetadata(path);
  }
  [nginx, fixtures] = await Promise.all([startNginx({ root }), startNginx({ root: FIXTURES_V2 })]);
});

afterAll(async () => {
  await Promise.all([nginx?.stop(), fixtures?.stop()]);
  rmSync(root, { recursive: true, force: true });
});

beforeEach(async () => {
  await nginx.clearAccessLog();
});

const row0 = Array.from({ length: 30 }, (_, i) => i);
const chunkKeys = (f: 2 | 3, prefix: string) =>
  f === 2
    ? [`${prefix}0.0`, `${prefix}0.1`, `${prefix}0.2`]
    : [0, 1, 2].map((j) => `${prefix}c/0/${j}`);

describe.each([2, 3] as const)("v%i over HTTP: no needless requests", (f) => {
  it("openConsolidated + reading an array requests no metadata document", async () => {
    const { fetch, requests } = countingFetch();
    const url = `${nginx.url}v${f}.zarr`;
    const g = (await zarr.openConsolidated(url, {
      mode: "r",
      storageOptions: { fetch },
    })) as zarr.Group;
    const a = (await g.get("foo/bar")) as zarr.ZarrArray;
    expect(Array.from((await a.get([0, null])).data as Int32Array)).toEqual(row0);
    expect(a.attrs.get("units")).toBe("m");
    expect(await g.keys()).toEqual(["foo"]);
    // v3 consolidates into the root zarr.json, found once `.zmetadata` is not there.
    const meta =
      f === 2 ? ["GET /v2.zarr/.zmetadata"] : ["GET /v3.zarr/.zmetadata", "GET /v3.zarr/zarr.json"];
    const chunks = chunkKeys(f, `/v${f}.zarr/foo/bar/`).map((k) => `GET ${k}`);
    expect(requests.slice(0, meta.length)).toEqual(meta);
    expect(requests.slice(meta.length).sort()).toEqual(chunks.sort());
    // The server saw exactly those.
    const log = await nginx.accessLog();
    expect(log.map((e) => `${e.method} ${e.path}`).sort()).toEqual([...requests].sort());
  });

  it("open(url) of an array: its documents once each, then the chunks", async () => {
    const { fetch, requests } = countingFetch();
    const a = (await zarr.open(`${nginx.url}v${f}.zarr/foo/bar`, {
      mode: "r",
      storageOptions: { fetch },
    })) as zarr.ZarrArray;
    expect(Array.from((await a.get([0, null])).data as Int32Array)).toEqual(row0);
    expect(a.attrs.get("units")).toBe("m");
    // v2 wins when a path holds both formats, so both v2 names are asked first.
    const p = `/v${f}.zarr/foo/bar/`;
    const meta =
      f === 2
        ? [`GET ${p}.zarray`, `GET ${p}.zgroup`, `GET ${p}.zattrs`]
        : [`GET ${p}.zarray`, `GET ${p}.zgroup`, `GET ${p}zarr.json`];
    expect(requests.slice(0, 3)).toEqual(meta);
    expect(requests.slice(3).sort()).toEqual(
      chunkKeys(f, p)
        .map((k) => `GET ${k}`)
        .sort(),
    );
    expect((await nginx.accessLog()).length).toBe(requests.length);
  });

  it("a group without consolidated metadata opens over HTTP (no listing needed)", async () => {
    const g = await zarr.openGroup(`${nginx.url}v${f}.zarr`, { mode: "r" });
    const a = await g.getArray("foo/bar");
    expect(Array.from((await a.get([0, null])).data as Int32Array)).toEqual(row0);
    await expect(g.keys()).rejects.toThrow("cannot list its keys");
    await expect(a.set([0, 0], 1)).rejects.toThrow(zarr.ReadOnlyError);
  });
});

describe("interop over HTTP", () => {
  it("zarr-python 2.13 reads through fsspec's HTTP filesystem what zarrkit wrote", () => {
    const got = runPythonJson<{ row: number[]; units: string; total: number }>(`
import json, zarr
g = zarr.open_consolidated("${nginx.url}v2.zarr", mode="r")
a = g["foo/bar"]
print(json.dumps({"row": a[0, :].tolist(), "units": a.attrs["units"], "total": int(a[:].sum())}))
`);
    expect(got).toEqual({ row: row0, units: "m", total: (1199 * 1200) / 2 });
  });

  const picked = fixtureManifest().filter((x) =>
    [
      "blosc_lz4_shuffle1.zarr",
      "zlib_1.zarr",
      "nested_sep.zarr",
      "order_F_blosc_delta.zarr",
    ].includes(x.store),
  );
  it.each(picked.map((x) => [x.store, x] as const))(
    "zarrkit reads %s, written by zarr-python, from nginx",
    async (_, fx) => {
      const a = await zarr.openArray(`${fixtures.url}${fx.store}`, { mode: "r" });
      expect(a.shape).toEqual(fx.shape);
      const all = await a.get(null);
      const values: unknown[] = [];
      const flat = all.shape.reduce((x, y) => x * y, 1);
      for (let i = 0; i < flat; i++) {
        const idx: number[] = [];
        let r = i;
        for (let d = all.shape.length - 1; d >= 0; d--) {
          idx.unshift(r % all.shape[d]!);
          r = Math.floor(r / all.shape[d]!);
        }
        values.push(toManifestValue(all.get(...idx)));
      }
      expect(values).toEqual(fx.values);
    },
  );
});
