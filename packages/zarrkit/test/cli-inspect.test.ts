// `zarrkit info`, `tree`, `get` and `consolidate`, spawned as a user runs them, against stores
// zarr-python 2.13 writes live, compared with what zarr-python itself prints.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type NginxServer, startNginx } from "@zarrkit/test-servers";
import { runPython, runPythonJson } from "@zarrkit/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANSI, runCli } from "./cli-run.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-cli-"));
const dir = join(tmp, "py.zarr");
const zip = join(tmp, "py.zip");
let server: NginxServer;

/** Arrays written by zarr-python, and the selections `get` is compared on. */
const GETS: [string, string][] = [
  ["ints", "0, :10"],
  ["ints", "-1, ::7"],
  ["ints", "..., 3"],
  ["ints", ":"],
  ["ints", "5, 5"],
  ["floats", ":"],
  ["floats", "1:3, -2:"],
  ["sci", ":"],
  ["f4", ":"],
  ["big", ":"],
  ["bools", ":"],
  ["cube", ":, 1:, ::2"],
  ["wide", ":"],
];

const WRITE = `
import zarr, numpy as np, numcodecs, sys
root = sys.argv[1] if len(sys.argv) > 1 else None
def fill(g):
    g.attrs['title'] = 'written by zarr-python'
    g.create_dataset('foo/ints', data=np.arange(600, dtype='i4').reshape(20, 30) - 300, chunks=(10, 10))
    g.create_dataset('floats', data=np.arange(20, dtype='f8').reshape(4, 5) / 8 - 1, chunks=(2, 5))
    g.create_dataset('sci', data=np.array([1e-5, 1.5, 2e6, np.nan, -np.inf]), chunks=(2,))
    g.create_dataset('f4', data=np.array([0.1, 0.2, 1/3, 2.5, -7], dtype='f4'), chunks=(5,))
    g.create_dataset('big', data=np.arange(1600, dtype='i8').reshape(40, 40) * 3, chunks=(16, 16))
    g.create_dataset('bools', data=np.array([True, False, True, True, False]), chunks=(2,))
    g.create_dataset('cube', data=np.arange(24, dtype='i2').reshape(2, 3, 4), chunks=(1, 3, 4),
                     filters=[numcodecs.Delta(dtype='i2')], compressor=numcodecs.Zlib(level=1))
    g.create_dataset('wide', data=np.linspace(0, 1, 37), chunks=(10,))
    g['foo/ints'].attrs['units'] = 'm'
`;

beforeAll(async () => {
  runPython(
    `${WRITE}
fill(zarr.open_group(${JSON.stringify(dir)}, mode='w'))
z = zarr.ZipStore(${JSON.stringify(zip)}, mode='w'); fill(zarr.group(store=z)); z.close()`,
  );
  server = await startNginx({ root: tmp });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** What zarr-python prints for each node and selection, read with mode "r" as the CLI reads. */
const reference = () =>
  runPythonJson<{
    info: Record<string, string>;
    tree: string;
    fooTree: string;
    gets: string[];
  }>(`
import zarr, json
g = zarr.open_group(${JSON.stringify(dir)}, mode='r')
gets = [str(eval('g[name][' + sel + ']', {'g': g, 'name': name if name != 'ints' else 'foo/ints'}))
        for name, sel in ${JSON.stringify(GETS)}]
info = {p: repr(g[p].info) for p in ['foo/ints', 'cube', 'f4']}
info[''] = repr(g.info)
print(json.dumps({'info': info, 'tree': str(zarr.tree(g)), 'fooTree': str(g['foo'].tree()), 'gets': gets}))
`);

/** zarr-python's info table without the rows naming Python classes (Type, Store type). */
const comparable = (table: string) =>
  table
    .split("\n")
    .filter((l) => !/^(Type|Store type)\s+:/.test(l))
    .join("\n");

describe("zarrkit info / tree / get print what zarr-python prints", () => {
  it("info of arrays (filters, compressor, sizes, chunks initialized) and of the root group", async () => {
    const ref = reference();
    for (const path of ["foo/ints", "cube", "f4", ""]) {
      const r = await runCli(["info", `${dir}#${path}`]);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe("");
      expect(comparable(r.stdout)).toBe(comparable(ref.info[path]!));
      expect(r.stdout).toMatch(/^Type\s+: zarrkit\.(Array|Group)$/m);
    }
  }, 120_000);

  it("tree of the root and of a subgroup", async () => {
    const ref = reference();
    const r = await runCli(["tree", dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${ref.tree}\n`);
    expect((await runCli(["tree", `${dir}#/foo/`])).stdout).toBe(`${ref.fooTree}\n`);
  }, 60_000);

  it("get prints selections as NumPy does: ints, floats, scientific, nan/inf, float32, bool, summarized, 3-D", async () => {
    const ref = reference();
    for (const [i, [name, sel]] of GETS.entries()) {
      const path = name === "ints" ? "foo/ints" : name;
      const r = await runCli(["get", `${dir}#${path}`, sel]);
      expect({ name, sel, status: r.status, out: r.stdout }).toEqual({
        name,
        sel,
        status: 0,
        out: `${ref.gets[i]}\n`,
      });
    }
  }, 240_000);
});

describe("--json gives one parseable document", () => {
  it("info of an array and a group, tree, get", async () => {
    const arr = JSON.parse((await runCli(["--json", "info", `${dir}#foo/ints`])).stdout);
    expect(arr).toMatchObject({
      node: "array",
      name: "/foo/ints",
      zarrFormat: 2,
      shape: [20, 30],
      chunks: [10, 10],
      dtype: "<i4",
      compressor: { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1 },
      filters: null,
      nchunks: 6,
      nchunksInitialized: 6,
      nbytes: 2400,
      attributes: { units: "m" },
    });
    const cube = JSON.parse((await runCli(["info", `${dir}#cube`, "--json"])).stdout);
    expect(cube.filters).toEqual([{ id: "delta", dtype: "<i2", astype: "<i2" }]);
    expect(cube.compressor).toEqual({ id: "zlib", level: 1 });
    const grp = JSON.parse((await runCli(["--json", "info", dir])).stdout);
    expect(grp).toMatchObject({
      node: "group",
      attributes: { title: "written by zarr-python" },
      groups: ["foo"],
    });
    expect(grp.arrays.sort()).toEqual(["big", "bools", "cube", "f4", "floats", "sci", "wide"]);
    const tree = JSON.parse((await runCli(["--json", "tree", `${dir}#foo`])).stdout);
    expect(tree).toEqual({
      name: "/foo",
      node: "group",
      children: [{ name: "ints", node: "array", shape: [20, 30], dtype: "<i4" }],
    });
    const got = JSON.parse((await runCli(["--json", "get", `${dir}#foo/ints`, "0:2, -3:"])).stdout);
    expect(got).toEqual({
      shape: [2, 3],
      dtype: "<i4",
      values: [
        [-273, -272, -271],
        [-243, -242, -241],
      ],
    });
    const sci = JSON.parse((await runCli(["--json", "get", `${dir}#sci`, "2:"])).stdout);
    expect(sci.values).toEqual([2e6, "NaN", "-Infinity"]);
    const big = JSON.parse((await runCli(["--json", "get", `${dir}#big`, "39, 39"])).stdout);
    expect(big).toEqual({ shape: [], dtype: "<i8", values: 1599 * 3 });
  }, 120_000);
});

describe("locations", () => {
  it("a .zip written by zarr-python, with #path inside", async () => {
    const ref = reference();
    const r = await runCli(["get", `${zip}#foo/ints`, "0, :10"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${ref.gets[0]}\n`);
    expect((await runCli(["tree", zip])).stdout).toBe(`${ref.tree}\n`);
  }, 60_000);

  it("an http:// URL served by nginx, with #path inside", async () => {
    const ref = reference();
    const url = `${server.url}py.zarr`;
    const r = await runCli(["get", `${url}#foo/ints`, "-1, ::7"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${ref.gets[1]}\n`);
    const info = await runCli(["info", `${url}#cube`]);
    // Plain HTTP cannot list keys: the rows that count stored keys are left out or unknown.
    const listed = /^(No\. bytes stored|Storage ratio|Chunks initialized)\s+:.*\n/gm;
    expect(comparable(info.stdout).replace(listed, "")).toBe(
      comparable(ref.info.cube!).replace(listed, ""),
    );
    expect(info.stdout).toMatch(/^Chunks initialized : \?\/2$/m);
    expect(info.stdout).toContain("Store type         : HttpStore");
    const json = JSON.parse((await runCli(["--json", "info", `${url}#cube`])).stdout);
    expect(json).toMatchObject({ shape: [2, 3, 4], nchunks: 2, nchunksInitialized: null });
  }, 60_000);
});

describe("consolidate", () => {
  it("writes .zmetadata that zarr-python opens consolidated", async () => {
    const copy = join(tmp, "consolidate.zarr");
    runPython(`${WRITE}\nfill(zarr.open_group(${JSON.stringify(copy)}, mode='w'))`);
    const r = await runCli(["consolidate", copy]);
    expect(r.status).toBe(0);
    const seen = runPythonJson<string[]>(`
import zarr, json
g = zarr.open_consolidated(${JSON.stringify(copy)}, mode='r')
print(json.dumps(sorted(g.meta_store.keys()) if hasattr(g, 'meta_store') else sorted(g.store.keys())))`);
    expect(seen).toContain("foo/ints/.zarray");
    expect(seen).toContain("cube/.zarray");
    expect(seen).toContain(".zgroup");
  }, 60_000);
});

describe("errors and exit statuses", () => {
  it("bad usage exits 2: unknown command, missing argument, bad selection, bad --shards, bad --if-exists", async () => {
    const cases: [string[], RegExp][] = [
      [["frobnicate", dir], /unknown command 'frobnicate'/],
      [["get", dir], /missing required argument 'selection'/],
      [["get", `${dir}#foo/ints`, "0, :x"], /bad selection "0, :x".*"x" is not an integer/],
      [["get", `${dir}#foo/ints`, "99, 0"], /bad selection "99, 0".*out of bounds/],
      [
        ["copy", dir, join(tmp, "never.zarr"), "--shards", "10,x"],
        /--shards must be positive whole numbers.*"10,x"/,
      ],
      [
        ["copy", dir, join(tmp, "never.zarr"), "--if-exists", "merge"],
        /--if-exists must be skip or replace; found "merge"/,
      ],
      [
        ["copy", dir, join(tmp, "never.zarr"), "--zarr-format", "4"],
        /--zarr-format must be 2 or 3; found "4"/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe("");
    }
  }, 120_000);

  it("a missing location fails with status 1 and one line naming it; --verbose adds the stack", async () => {
    const missing = join(tmp, "missing.zarr");
    const r = await runCli(["info", `${missing}#a/b`]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^zarrkit: ${missing}#a/b: .*nothing found`));
    expect(r.stderr).not.toMatch(ANSI);
    const v = await runCli(["--verbose", "info", missing]);
    expect(v.status).toBe(1);
    expect(v.stderr.split("\n").length).toBeGreaterThan(3);
    expect(v.stderr).toMatch(/\n\s+at /);
  }, 60_000);

  it("--help and --version succeed", async () => {
    const help = await runCli(["--help"]);
    expect(help.status).toBe(0);
    for (const cmd of ["info", "tree", "get", "copy", "consolidate", "--json", "--verbose"])
      expect(help.stdout).toContain(cmd);
    const version = await runCli(["--version"]);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  }, 60_000);
});
