// A zarr-python ZipStore archive served by nginx is read by zarrkit over HTTP by range reads:
// nginx's access log shows each request, so the tests pin how many there are and which bytes
// they fetch (offsets from Python's zipfile), and that they are a small part of the file.
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type NginxServer, startNginx } from "@zarrkit/test-servers";
import { runPython, runPythonJson } from "@zarrkit/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as zarr from "zarrkit";
import * as browser from "zarrkit/browser";

/** The first read of an archive: end of central directory, longest comment, zip64 records. */
const TAIL = 22 + 65535 + 20 + 56;
/** Bytes read beyond a member's header and data, for a longer local extra field. */
const MARGIN = 64;

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-remote-zip-"));
const zipPath = join(tmp, "big.zip");
let nginx: NginxServer;
let plain: NginxServer;

interface Member {
  offset: number;
  csize: number;
}
let members: Record<string, Member>;
let startDir: number;

beforeAll(async () => {
  // 2000 x 2000 float64 in 200 x 200 chunks, uncompressed: 100 chunks of 320 000 bytes
  runPython(`import zarr, numpy as np
s = zarr.ZipStore(${JSON.stringify(zipPath)}, mode="w")
g = zarr.group(store=s)
g.attrs["title"] = "written by zarr-python"
a = g.zeros("arr", shape=(2000, 2000), chunks=(200, 200), dtype="<f8", compressor=None)
a[:] = np.arange(4_000_000, dtype="<f8").reshape(2000, 2000)
s.close()`);
  const info = runPythonJson<{
    start_dir: number;
    members: Record<string, Member>;
  }>(`import zipfile, json
z = zipfile.ZipFile(${JSON.stringify(zipPath)})
print(json.dumps({"start_dir": z.start_dir, "members": {i.filename: {"offset": i.header_offset, "csize": i.compress_size} for i in z.infolist()}}))`);
  copyFileSync(zipPath, join(tmp, "my data.zip"));
  members = info.members;
  startDir = info.start_dir;
  nginx = await startNginx({ root: tmp });
  plain = await startNginx({ root: tmp, ignoreRanges: true });
});

afterAll(async () => {
  await nginx?.stop();
  await plain?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** The Range header of one member's read: local header, name, margin and data. */
function memberRange(name: string): string {
  const m = members[name]!;
  const end = Math.min(m.offset + 30 + name.length + MARGIN + m.csize, startDir);
  return `bytes=${m.offset}-${end - 1}`;
}

describe("a zarr-python .zip over HTTP", () => {
  it("opens with one suffix request, then one request per member read; a small part of the file", async () => {
    const size = statSync(zipPath).size;
    await nginx.clearAccessLog();
    const z = await zarr.openArray(`${nginx.url}big.zip`, { mode: "r", path: "arr" });
    const part = await z.get([zarr.slice(250, 260), zarr.slice(410, 420)]);
    expect(Array.from(part.data as Float64Array)).toEqual(
      Array.from({ length: 100 }, (_, k) => (250 + Math.floor(k / 10)) * 2000 + 410 + (k % 10)),
    );
    const log = await nginx.accessLog();
    // the directory (102 members) fits in the first read; keys the archive lacks (.zgroup,
    // .zattrs, zarr.json probes) cost no request; the selection lies in chunk (1, 2)
    expect(log.map((r) => [r.method, r.path, r.status, r.range])).toEqual([
      ["GET", "/big.zip", 206, `bytes=-${TAIL}`],
      ["GET", "/big.zip", 206, memberRange("arr/.zarray")],
      ["GET", "/big.zip", 206, memberRange("arr/1.2")],
    ]);
    const fetched = log.reduce((n, r) => n + r.bytes, 0);
    expect(fetched).toBe(
      TAIL +
        (30 + 11 + MARGIN + members["arr/.zarray"]!.csize) +
        (30 + 7 + MARGIN + members["arr/1.2"]!.csize),
    );
    expect(fetched / size).toBeLessThan(0.015);
  });

  it("a group opened from the .zip URL reads attributes and a block spanning four chunks", async () => {
    await nginx.clearAccessLog();
    const g = await zarr.openGroup(`${nginx.url}big.zip`, { mode: "r" });
    expect(g.attrs.toJSON()).toEqual({ title: "written by zarr-python" });
    const a = (await g.get("arr")) as zarr.ZarrArray;
    const block = await a.get([zarr.slice(199, 201), zarr.slice(399, 401)]);
    expect(Array.from(block.data as Float64Array)).toEqual([
      199 * 2000 + 399,
      199 * 2000 + 400,
      200 * 2000 + 399,
      200 * 2000 + 400,
    ]);
    const log = await nginx.accessLog();
    const chunkReads = log.filter((r) => /^bytes=\d/.test(r.range)).map((r) => r.range);
    expect(chunkReads.sort()).toEqual(
      [".zgroup", ".zattrs", "arr/.zarray", "arr/0.1", "arr/0.2", "arr/1.1", "arr/1.2"]
        .map(memberRange)
        .sort(),
    );
    expect(log.filter((r) => r.range === `bytes=-${TAIL}`)).toHaveLength(1);
    expect(log).toHaveLength(8);
  });

  it("a server that ignores Range still gives the right values (each answer is the whole file)", async () => {
    await plain.clearAccessLog();
    const z = await zarr.openArray(`${plain.url}big.zip`, { mode: "r", path: "arr" });
    expect(await z.get([1999, 1999])).toBe(1999 * 2000 + 1999);
    const log = await plain.accessLog();
    expect(log.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it("an encoded name and a query string (signed URLs), with storage options for both stores, from the browser entry", async () => {
    await nginx.clearAccessLog();
    const store = await browser.resolveStore(`${nginx.url}my%20data.zip?token=abc#ignored`, "r", {
      verifyChecksums: false,
      headers: { "x-test": "1" },
      concurrency: 2,
    });
    expect(store).toBeInstanceOf(browser.ZipArchiveStore);
    const z = await browser.openArray(store, { mode: "r", path: "arr" });
    expect(await z.get([3, 4])).toBe(3 * 2000 + 4);
    const log = await nginx.accessLog();
    expect(log.map((r) => [r.path, r.status])).toEqual([
      ["/my data.zip", 206],
      ["/my data.zip", 206],
      ["/my data.zip", 206],
    ]);
    await store.close?.();
    const bad = await browser
      .resolveStore(`${nginx.url}big.zip`, "r", { retires: 2 })
      .catch((e: Error) => e);
    expect(String(bad)).toMatch(/unknown option "retires"/);
  });

  it("a missing .zip is a NodeNotFoundError naming it", async () => {
    const err = await zarr.openArray(`${nginx.url}nope.zip`, { mode: "r" }).catch((e) => e);
    expect(err).toBeInstanceOf(zarr.NodeNotFoundError);
    expect(String(err.message)).toContain('"nope.zip"');
  });
});
