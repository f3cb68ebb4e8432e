// `zarrkit copy`, spawned as a user runs it: raw copies read back by zarr-python, conversions
// to v3 with shards checked byte for byte against the library's own copyStore, --if-exists,
// --json and piped output.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTree, runPython, runPythonJson } from "@zarrkit/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";
import { ANSI, runCli } from "./cli-run.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-cli-copy-"));
const src = join(tmp, "src.zarr");

beforeAll(() => {
  runPython(`
import zarr, numpy as np, numcodecs
g = zarr.open_group(${JSON.stringify(src)}, mode='w')
g.attrs['title'] = 'copy me'
g.create_dataset('a', data=np.arange(1200, dtype='i4').reshape(30, 40), chunks=(10, 10))
g.create_dataset('sub/b', data=np.linspace(-1, 1, 100).reshape(10, 10), chunks=(5, 5),
                 compressor=numcodecs.Zlib(level=3))
g['sub/b'].attrs['units'] = 'm'
`);
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every array's values and every node's attributes, as zarr-python reads them. */
const pyContents = (location: string) =>
  runPythonJson<Record<string, unknown>>(`
import zarr, json
g = zarr.open_group(${JSON.stringify(location)}, mode='r')
out = {'/': dict(g.attrs)}
def visit(name, node):
    out[name] = [node[...].tolist(), dict(node.attrs)] if isinstance(node, zarr.Array) else dict(node.attrs)
g.visititems(visit)
print(json.dumps(out))`);

describe("zarrkit copy", () => {
  it("copies raw keys (byte for byte), quietly when piped, and zarr-python reads the copy", async () => {
    const dst = join(tmp, "raw.zarr");
    const r = await runCli(["copy", src, dst]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`: ${readTree(src).size} keys copied, 0 skipped`);
    // Piped: no bar, no colour, nothing on stderr at all.
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toMatch(ANSI);
    expect(readTree(dst)).toEqual(readTree(src));
    expect(pyContents(dst)).toEqual(pyContents(src));
  }, 60_000);

  it("converts to v3 with --shards: the bytes are the library's copyStore's, the values the source's", async () => {
    const dst = join(tmp, "v3.zarr");
    const r = await runCli(["--json", "copy", src, dst, "--zarr-format", "3", "--shards", "10,20"]);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ status: "complete", zarrFormat: 3, unit: "chunks" });
    expect(summary.arrays).toEqual([
      { path: "a", done: 6, total: 6, status: "copied" },
      { path: "sub/b", done: 1, total: 1, status: "copied" },
    ]);
    // The same conversion through the library, in memory: the CLI must write the same bytes.
    const expected = new zarr.MemoryStore();
    await zarr.copyStore(await zarr.resolveStore(src, "r"), expected, {
      zarrFormat: 3,
      shards: [10, 20],
    });
    const written = readTree(dst);
    const want = new Map<string, Uint8Array>();
    for (const key of await zarr.listKeys(expected)) want.set(key, (await expected.get(key))!);
    expect([...written.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [key, bytes] of want)
      expect({ key, bytes: written.get(key) }).toEqual({ key, bytes });
    const a = (await zarr.open(dst, { mode: "r", path: "a" })) as zarr.ZarrArray;
    expect(a.zarrFormat).toBe(3);
    expect(a.shards).toEqual([10, 20]);
    expect(a.chunks).toEqual([10, 10]);
    const values = await a.get(null);
    expect(Array.from(values.data as Int32Array)).toEqual(
      Array.from({ length: 1200 }, (_, i) => i),
    );
    // Unsharded v3 and back to v2, which zarr-python reads as the original.
    const plain = join(tmp, "v3-plain.zarr");
    expect((await runCli(["copy", src, plain, "--zarr-format", "3"])).status).toBe(0);
    expect(((await zarr.open(plain, { mode: "r", path: "a" })) as zarr.ZarrArray).zarrFormat).toBe(
      3,
    );
    const back = join(tmp, "back.zarr");
    expect((await runCli(["copy", plain, back, "--zarr-format", "2"])).status).toBe(0);
    expect(pyContents(back)).toEqual(pyContents(src));
  }, 120_000);

  it("copies one array and a #path inside, and into a .zip zarr-python reads", async () => {
    const dst = join(tmp, "one.zarr");
    expect((await runCli(["copy", `${src}#sub/b`, `${dst}#x/y`])).status).toBe(0);
    const got = runPythonJson<number[][]>(
      `import zarr, json; print(json.dumps(zarr.open(${JSON.stringify(dst)}, mode='r', path='x/y')[...].tolist()))`,
    );
    expect(got).toEqual((pyContents(src)["sub/b"] as unknown[])[0]);
    const zipped = join(tmp, "copy.zip");
    expect((await runCli(["copy", src, zipped])).status).toBe(0);
    const fromZip = runPythonJson<Record<string, unknown>>(`
import zarr, json
s = zarr.ZipStore(${JSON.stringify(zipped)}, mode='r'); g = zarr.open_group(s, mode='r')
print(json.dumps({'a': g['a'][...].tolist(), 'title': g.attrs['title']}))`);
    expect(fromZip).toEqual({ a: (pyContents(src).a as unknown[])[0], title: "copy me" });
  }, 60_000);

  it("--if-exists: refuses by default (status 1), skip keeps the destination, replace overwrites it", async () => {
    const dst = join(tmp, "exists.zarr");
    expect((await runCli(["copy", src, dst])).status).toBe(0);
    // A chunk changed in the destination tells skip from replace.
    const chunk = join(dst, "a", "0.0");
    const marker = new Uint8Array(readTree(join(dst, "a")).get("0.1")!);
    writeFileSync(chunk, marker);
    const refused = await runCli(["copy", src, dst]);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(refused.stderr).toContain(`${dst} already holds Zarr data`);
    expect(readTree(dst).get("a/0.0")).toEqual(marker);
    const skip = JSON.parse(
      (await runCli(["--json", "copy", src, dst, "--if-exists", "skip"])).stdout,
    );
    expect(skip).toMatchObject({ status: "complete", copied: 0, skipped: readTree(src).size });
    expect(readTree(dst).get("a/0.0")).toEqual(marker);
    const replace = await runCli(["copy", src, dst, "--if-exists", "replace"]);
    expect(replace.status).toBe(0);
    expect(readTree(dst).get("a/0.0")).toEqual(readTree(src).get("a/0.0"));
  }, 60_000);

  it("--shards with --zarr-format 2 is bad usage; shards that do not fit the chunks fail naming them", async () => {
    const bad = await runCli([
      "copy",
      src,
      join(tmp, "x.zarr"),
      "--zarr-format",
      "2",
      "--shards",
      "10,10",
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--shards needs Zarr v3/);
    const misfit = await runCli(["copy", src, join(tmp, "y.zarr"), "--shards", "15,15"]);
    expect(misfit.status).toBe(1);
    expect(misfit.stderr).toMatch(/^zarrkit: .* -> .*: .*15/);
    expect(misfit.stderr.trimEnd().split("\n")).toHaveLength(1);
  }, 60_000);
});
