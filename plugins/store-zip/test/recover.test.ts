// A ZipStore writer killed (SIGKILL) before close() leaves members but no central directory;
// mode "a" with `recover` rebuilds it from the local headers, and zarr-python then reads it.
import { spawn } from "node:child_process";
import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { listKeys, openArray, ZarrError } from "@zarrkit/core";
import { PYTHON, runPythonJson } from "@zarrkit/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import { localHeader, storedEntry } from "../src/zip-format.js";
import { ZipStore } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "zarrkit-zip-recover-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Run the writer child, wait until it has written, then kill -9 it. */
async function killedWriter(name: string, variant = ""): Promise<string> {
  const path = join(tmp, name);
  const p = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--conditions=zarrkit-source",
      join(here, "killed-writer.ts"),
      path,
      variant,
    ],
    { cwd: join(here, ".."), stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const exit = new Promise<NodeJS.Signals | number | null>((resolve, reject) => {
    p.on("error", reject);
    p.on("exit", (code, signal) => resolve(signal ?? code));
  });
  await Promise.race([
    new Promise((resolve) => p.once("message", resolve)),
    exit.then((c) => {
      throw new Error(`writer exited (${c}) before writing`);
    }),
  ]);
  p.kill("SIGKILL");
  expect(await exit).toBe("SIGKILL");
  return path;
}

/** What Python's zipfile and zarr-python 2.13 see in the archive. */
function python(path: string): {
  test: string | null;
  names: string[];
  data: number[];
  attrs: unknown;
} {
  return runPythonJson(`import zipfile, json, zarr
zf = zipfile.ZipFile(${JSON.stringify(path)})
test = zf.testzip()
names = sorted(zf.namelist())
zf.close()
z = zarr.open(zarr.ZipStore(${JSON.stringify(path)}, mode="r"), mode="r")
print(json.dumps({"test": test, "names": names, "data": z[:].tolist(), "attrs": z.attrs.asdict()}))`);
}

const KEYS = [".zarray", ".zattrs", "0", "1", "2"];

describe("ZipStore recovery after a killed writer", () => {
  it("rebuilds the directory from the local headers; zarr-python reads the result", async () => {
    const path = await killedWriter("killed.zip");
    // what the kill leaves: no directory, so a plain open fails
    expect(() => new ZipStore(path, { mode: "r" })).toThrow(/not a readable zip archive/);
    expect(() => new ZipStore(path, { mode: "a" })).toThrow(ZarrError);

    const s = new ZipStore(path, { mode: "a", recover: true });
    expect(s.recovered).toBe(5);
    expect(await listKeys(s)).toEqual(KEYS);
    await s.close();

    expect(python(path)).toEqual({
      test: null,
      names: KEYS,
      data: [0, 3, 6, 9, 12, 15, 18, 21, 24, 27],
      attrs: { writer: "killed" },
    });
    const r = new ZipStore(path, { mode: "r" });
    const z = await openArray(r, { mode: "r" });
    expect(Array.from((await z.get(null)).data as Int32Array)).toEqual([
      0, 3, 6, 9, 12, 15, 18, 21, 24, 27,
    ]);
    await r.close();
    expect(new ZipStore(path, { mode: "r" }).recovered).toBeUndefined();
  });

  it("keeps writes made after a flush (over the stale directory), newest value winning", async () => {
    const path = await killedWriter("flushed.zip", "flushed");
    const s = new ZipStore(path, { mode: "a", recover: true });
    expect(await listKeys(s)).toEqual(KEYS);
    await s.set("extra", new Uint8Array([1, 2, 3]));
    await s.close();
    const seen = python(path);
    expect(seen.test).toBeNull();
    expect(seen.names).toEqual([...KEYS, "extra"]);
    expect(seen.data).toEqual([100, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
  });

  it("drops a member cut off by the kill and one whose bytes fail their CRC", async () => {
    const path = await killedWriter("cut.zip");
    const whole = readFileSync(path).length;
    const copy = join(tmp, "bad-crc.zip");
    copyFileSync(path, copy);
    // a header that promises 100 bytes followed by only 10 of them
    const value = new Uint8Array(100).fill(7);
    const e = storedEntry("3", value, whole, new Date());
    appendFileSync(path, Buffer.concat([localHeader(e, false), value.subarray(0, 10)]));
    const s = new ZipStore(path, { mode: "a", recover: true });
    expect(await listKeys(s)).toEqual(KEYS);
    await s.close();
    expect(python(path).names).toEqual(KEYS);

    // a whole member whose bytes are not the ones its CRC describes (stale data, not ours)
    const bad = { ...e, crc: (e.crc ^ 1) >>> 0 };
    appendFileSync(copy, Buffer.concat([localHeader(bad, false), value]));
    const c = new ZipStore(copy, { mode: "a", recover: true });
    expect(c.recovered).toBe(5);
    await c.close();
    expect(python(copy).names).toEqual(KEYS);
  });

  it("an empty member followed by stray bytes is a cut-off one, not an empty value", async () => {
    // Python's zipfile writes zero sizes first and fixes the header after the data
    const zarray = new TextEncoder().encode("{}");
    const good = Buffer.concat([
      localHeader(storedEntry("arr/.zarray", zarray, 0, new Date()), false),
      zarray,
    ]);
    const h1 = localHeader(storedEntry("arr/1", new Uint8Array(0), good.length, new Date()), false);
    const cut = storedEntry("arr/2", new Uint8Array(0), good.length + h1.length, new Date());
    const path = join(tmp, "python-cut.zip");
    // a real empty value (followed by a header) is kept; the last one, followed by data, is not
    writeFileSync(
      path,
      Buffer.concat([good, h1, localHeader(cut, false), Buffer.from("partial chunk data")]),
    );
    const s = new ZipStore(path, { mode: "a", recover: true });
    expect(await listKeys(s)).toEqual(["arr/.zarray", "arr/1"]);
    expect(await s.get("arr/1")).toEqual(new Uint8Array(0));
    await s.close();
    const names = runPythonJson<string[]>(
      `import zipfile, json; print(json.dumps(sorted(zipfile.ZipFile(${JSON.stringify(path)}).namelist())))`,
    );
    expect(names).toEqual(["arr/.zarray", "arr/1"]);
  });

  it("recovers what a killed zarr-python ZipStore writer left", async () => {
    const path = join(tmp, "python-killed.zip");
    // zarr-python writes through a buffered file: flush it so the kill finds the bytes on disk,
    // as a writer killed long after its last write would
    const script = `import sys, time, zarr, numpy as np
store = zarr.ZipStore(${JSON.stringify(path)}, mode="w")
z = zarr.zeros(10, chunks=4, dtype="i4", store=store, compressor=None)
z[:] = np.arange(10, dtype="i4") * 5
store.zf.fp.flush()
print("written", flush=True)
time.sleep(60)`;
    const p = spawn(PYTHON, ["-c", script], { stdio: ["ignore", "pipe", "inherit"] });
    const exit = new Promise<NodeJS.Signals | number | null>((resolve, reject) => {
      p.on("error", reject);
      p.on("exit", (code, signal) => resolve(signal ?? code));
    });
    await Promise.race([
      new Promise((resolve) => p.stdout!.once("data", resolve)),
      exit.then((c) => {
        throw new Error(`python exited (${c}) before writing`);
      }),
    ]);
    p.kill("SIGKILL");
    expect(await exit).toBe("SIGKILL");
    expect(() => new ZipStore(path, { mode: "r" })).toThrow(/not a readable zip archive/);
    const s = new ZipStore(path, { mode: "a", recover: true });
    expect(await listKeys(s)).toEqual([".zarray", "0", "1", "2"]);
    await s.close();
    const seen = python(path);
    expect(seen.test).toBeNull();
    expect(seen.data).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45]);
  });

  it("refuses recover outside mode a, and a file with nothing to recover (left untouched)", () => {
    const path = join(tmp, "text.zip");
    writeFileSync(path, "not a zip at all, no headers here");
    expect(() => new ZipStore(path, { mode: "r", recover: true })).toThrow(
      'recover needs mode "a" (it rewrites the directory), got mode "r"',
    );
    expect(() => new ZipStore(path, { mode: "a", recover: true })).toThrow(
      /cannot recover .*text\.zip: no central directory .* and no whole member at offset 0/,
    );
    expect(readFileSync(path, "utf8")).toBe("not a zip at all, no headers here");
  });
});
