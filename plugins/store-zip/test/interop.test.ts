import { spawnSync } from "node:child_process";
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listKeys } from "@zarrkit/core";
import { FIXTURES_DIR, runPython, runPythonBytes, runPythonJson } from "@zarrkit/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import { centralDirectory, endRecords, localHeader, storedEntry } from "../src/zip-format.js";
import { crc32 } from "../src/crc32-native.js";
import { ZipStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-zip-interop-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(tmp, `z${n++}.zip`);
const text = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** What Python's zipfile sees: every member (duplicates included) with its bytes as hex. */
function pythonZip(path: string): {
  test: string | null;
  members: { name: string; hex: string; method: number; extra: string; flags: number }[];
} {
  return runPythonJson(`import zipfile, json
z = zipfile.ZipFile(${JSON.stringify(path)})
print(json.dumps({"test": z.testzip(), "members": [
  {"name": i.filename, "hex": z.read(i).hex(), "method": i.compress_type, "extra": i.extra.hex(), "flags": i.flag_bits}
  for i in z.infolist()]}))`);
}

/** `unzip -t`, Debian's Info-ZIP; the tests need it (apt-get install unzip). */
function unzipTest(path: string): string {
  const r = spawnSync("unzip", ["-t", path], { encoding: "utf8" });
  if (r.error)
    throw new Error(`unzip is needed for this test (apt-get install -y unzip): ${r.error.message}`);
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return r.stdout;
}

const sample: [string, Uint8Array][] = [
  [".zgroup", text('{\n    "zarr_format": 2\n}')],
  ["arr/.zarray", text('{"chunks": [2]}')],
  ["arr/0", Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 255)],
  ["arr/1", new Uint8Array(0)],
  ["grüße/0/0", text("non-ASCII name")],
];

describe("archives we write", () => {
  for (const force of [false, true]) {
    it(`are read by Python's zipfile, zarr.ZipStore and unzip -t${force ? " (forced zip64 records)" : ""}`, async () => {
      const path = fresh();
      const s = new ZipStore(path, { mode: "w", forceZip64: force });
      for (const [k, v] of sample) await s.set(k, v);
      await s.close();
      const py = pythonZip(path);
      expect(py.test).toBeNull();
      expect(py.members.map((m) => m.name)).toEqual(sample.map(([k]) => k));
      for (const [i, [, v]] of sample.entries()) {
        expect(py.members[i]!.hex).toBe(hex(v));
        expect(py.members[i]!.method).toBe(0); // ZIP_STORED, as zarr-python writes
      }
      expect(py.members[4]!.flags & 0x800).toBe(0x800);
      if (force) for (const m of py.members) expect(m.extra.startsWith("0100")).toBe(true);
      else for (const m of py.members) expect(m.extra).toBe("");
      const bytes = readFileSync(path);
      // zip64 end of central directory record and locator are there exactly when forced
      expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(force);
      expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(force);
      const z = runPythonJson<Record<string, string>>(`import zarr, json
s = zarr.ZipStore(${JSON.stringify(path)}, mode="r")
print(json.dumps({k: s[k].hex() for k in s.keys()}))`);
      expect(z).toEqual(Object.fromEntries(sample.map(([k, v]) => [k, hex(v)])));
      const out = unzipTest(path);
      expect(out).toContain("No errors detected");
      expect(out).toContain("testing: arr/0");
    });
  }

  it("keep zarr-python's view of rewritten keys: one member each, the newest value", async () => {
    const path = fresh();
    const s = new ZipStore(path, { mode: "w" });
    await s.set("a/.zattrs", text("old"));
    await s.set("a/0", text("chunk"));
    await s.set("a/.zattrs", text("new"));
    await s.delete("a/0");
    await s.close();
    const py = pythonZip(path);
    expect(py.test).toBeNull();
    expect(py.members.map((m) => [m.name, m.hex])).toEqual([["a/.zattrs", hex(text("new"))]]);
    expect(unzipTest(path)).toContain("No errors detected");
  });

  it("can be appended to by zarr.ZipStore, and we append to zarr-python's", async () => {
    const path = fresh();
    const s = new ZipStore(path, { mode: "w" });
    await s.set("ours/1", text("from zarrkit"));
    await s.close();
    runPython(`import zarr
s = zarr.ZipStore(${JSON.stringify(path)}, mode="a")
s["theirs/1"] = b"from zarr-python"
s.close()`);
    const a = new ZipStore(path, { mode: "a" });
    expect(await a.get("theirs/1")).toEqual(text("from zarr-python"));
    await a.set("ours/2", text("appended by zarrkit"));
    await a.close();
    const py = pythonZip(path);
    expect(py.test).toBeNull();
    expect(
      Object.fromEntries(py.members.map((m) => [m.name, Buffer.from(m.hex, "hex").toString()])),
    ).toEqual({
      "ours/1": "from zarrkit",
      "theirs/1": "from zarr-python",
      "ours/2": "appended by zarrkit",
    });
  });
});

describe("archives others write", () => {
  it("zarr.ZipStore's, duplicates included: the last member wins, each key listed once", async () => {
    const path = fresh();
    runPython(`import zarr, warnings
warnings.simplefilter("ignore")
s = zarr.ZipStore(${JSON.stringify(path)}, mode="w")
s[".zgroup"] = b'{"zarr_format": 2}'
s["x/0.0"] = b"first"
s["x/0.0"] = b"second"
s["x/1.0"] = bytes(range(256)) * 40
s.close()`);
    const r = new ZipStore(path, { mode: "r" });
    expect(await listKeys(r)).toEqual([".zgroup", "x/0.0", "x/1.0"]);
    expect(await r.get("x/0.0")).toEqual(text("second"));
    const big = (await r.get("x/1.0"))!;
    expect(big.length).toBe(10240);
    expect(await r.getRange("x/1.0", { offset: 300, length: 3 })).toEqual(
      new Uint8Array([44, 45, 46]),
    );
    await r.close();
  });

  it("deflated members; bad CRCs and unsupported methods are clear errors", async () => {
    const path = fresh();
    const payload = Buffer.from("zarr ".repeat(2000));
    runPython(`import zipfile
with zipfile.ZipFile(${JSON.stringify(path)}, "w", compression=zipfile.ZIP_DEFLATED) as z:
    z.writestr("d/0", ${JSON.stringify(payload.toString())})
    z.writestr("dir/", "")
    z.writestr(zipfile.ZipInfo("b/0"), b"bzip2 data", compress_type=zipfile.ZIP_BZIP2)
    z.writestr(zipfile.ZipInfo("s/0"), b"stored!", compress_type=zipfile.ZIP_STORED)`);
    const r = new ZipStore(path, { mode: "r" });
    expect(await listKeys(r)).toEqual(["b/0", "d/0", "s/0"]); // folder members are not keys
    expect(await r.listDir("")).toEqual({ keys: [], prefixes: ["b", "d", "dir", "s"] });
    // the folder member itself is not a key inside its folder
    expect(await r.listDir("dir/")).toEqual({ keys: [], prefixes: [] });
    expect(Buffer.from((await r.get("d/0"))!)).toEqual(payload);
    expect(Buffer.from((await r.getRange("d/0", { offset: 5, length: 5 }))!).toString()).toBe(
      "zarr ",
    );
    await expect(r.get("b/0")).rejects.toThrow('member "b/0" uses compression method 12');
    await r.close();

    // flip one byte of the stored member's data
    const bytes = readFileSync(path);
    const at = bytes.indexOf(Buffer.from("stored!"));
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.from("S"), 0, 1, at);
    closeSync(fd);
    const bad = new ZipStore(path, { mode: "r" });
    await expect(bad.get("s/0")).rejects.toThrow('CRC-32 mismatch in member "s/0"');
    await bad.close();
    const lax = new ZipStore(path, { mode: "r", verifyChecksums: false });
    expect(await lax.get("s/0")).toEqual(text("Stored!"));
    await lax.close();
  });

  it("zip64 archives from Python's zipfile (zip64 sizes, offsets and end records)", async () => {
    const path = fresh();
    // lowering zipfile's limits makes it write every zip64 structure for small data
    runPython(`import zipfile
zipfile.ZIP64_LIMIT = 10
zipfile.ZIP_FILECOUNT_LIMIT = 1
with zipfile.ZipFile(${JSON.stringify(path)}, "w") as z:
    for i in range(4):
        z.writestr(f"k/{i}", bytes([i]) * (100 + i))`);
    const py = pythonZip(path);
    expect(py.members.some((m) => m.extra.startsWith("0100"))).toBe(true);
    expect(readFileSync(path).includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    const r = new ZipStore(path, { mode: "r" });
    expect(await listKeys(r)).toEqual(["k/0", "k/1", "k/2", "k/3"]);
    for (let i = 0; i < 4; i++)
      expect(await r.get(`k/${i}`)).toEqual(new Uint8Array(100 + i).fill(i));
    await r.close();
  });

  it("streamed archives with data descriptors (written to a pipe)", async () => {
    const bytes = runPythonBytes(`import zipfile, sys
with zipfile.ZipFile(sys.stdout.buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
    z.writestr("p/0", b"piped " * 100)
    z.writestr("p/1", b"")`);
    const path = fresh();
    writeFileSync(path, bytes);
    expect(pythonZip(path).members.every((m) => (m.flags & 0x08) === 0x08)).toBe(true);
    const r = new ZipStore(path, { mode: "r" });
    expect(await r.get("p/0")).toEqual(text("piped ".repeat(100)));
    expect(await r.get("p/1")).toEqual(new Uint8Array(0));
    await r.close();
  });

  it("an archive with bytes before it (self-extractor style)", async () => {
    const inner = fresh();
    runPython(`import zipfile
with zipfile.ZipFile(${JSON.stringify(inner)}, "w") as z:
    z.writestr("a", b"alpha")
    z.writestr("b", b"beta")`);
    const path = fresh();
    const prefixed = Buffer.concat([
      Buffer.from("#!/bin/sh\necho hello\n".repeat(10)),
      readFileSync(inner),
    ]);
    const fd = openSync(path, "w");
    writeSync(fd, prefixed);
    closeSync(fd);
    const r = new ZipStore(path, { mode: "r" });
    expect(await r.get("b")).toEqual(text("beta"));
    await r.close();
  });
});

describe("fixtures written by zarr-python", () => {
  const zips = [
    join(FIXTURES_DIR, "zarr-v2", "zipped.zip"),
    ...readdirSync(join(FIXTURES_DIR, "zarr-v3"))
      .filter((f) => f.endsWith(".zip"))
      .map((f) => join(FIXTURES_DIR, "zarr-v3", f)),
  ];

  it("finds all four zip fixtures", () => {
    expect(zips).toHaveLength(4);
  });

  for (const path of zips) {
    it(`lists and reads ${path.split("/").slice(-2).join("/")} exactly as Python's zipfile`, async () => {
      const py = runPythonJson<Record<string, string>>(`import zipfile, json, hashlib
z = zipfile.ZipFile(${JSON.stringify(path)})
print(json.dumps({i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist() if not i.is_dir()}))`);
      const r = new ZipStore(path, { mode: "r" });
      const keys = await listKeys(r);
      expect(keys).toEqual(Object.keys(py).sort());
      expect(keys.length).toBeGreaterThan(20);
      const { createHash } = await import("node:crypto");
      for (const k of keys) {
        const v = (await r.get(k))!;
        expect(createHash("sha256").update(v).digest("hex"), k).toBe(py[k]);
      }
      await r.close();
    });
  }
});

describe("zip64 beyond 4 GiB without writing 4 GiB", () => {
  it("reads and appends to a sparse archive whose second member starts past 4 GiB", async () => {
    const path = fresh();
    // A 5 GiB stored member whose data is a hole in a sparse file, then a small member.
    const big = 5 * 1024 ** 3;
    const when = new Date(2024, 0, 2, 3, 4, 6);
    const e1 = {
      ...storedEntry("big", new Uint8Array(0), 0, when),
      size: big,
      compressedSize: big,
      crc: 0,
    };
    const h1 = localHeader(e1, false);
    const small = text("beyond four gibibytes");
    const off2 = h1.length + big;
    const e2 = storedEntry("small", small, off2, when);
    const h2 = localHeader(e2, false);
    const cdOffset = off2 + h2.length + small.length;
    const cd = centralDirectory([e1, e2], false);
    const tail = endRecords(2, cd.length, cdOffset, false);
    const fd = openSync(path, "w");
    writeSync(fd, h1, 0, h1.length, 0);
    writeSync(fd, h2, 0, h2.length, off2);
    writeSync(fd, small, 0, small.length, off2 + h2.length);
    writeSync(fd, cd, 0, cd.length, cdOffset);
    writeSync(fd, tail, 0, tail.length, cdOffset + cd.length);
    closeSync(fd);
    expect(statSync(path).size).toBeGreaterThan(big);
    expect(crc32(small)).toBe(e2.crc);

    const r = new ZipStore(path, { mode: "r" });
    expect(await listKeys(r)).toEqual(["big", "small"]);
    expect(await r.get("small")).toEqual(small);
    // a ranged read deep inside the 5 GiB member reads only those bytes
    expect(await r.getRange("big", { offset: big - 10, length: 4 })).toEqual(new Uint8Array(4));
    await r.close();

    // appending puts the next member (and the directory) past 4 GiB: real zip64 offsets
    const a = new ZipStore(path, { mode: "a" });
    await a.set("after", text("appended past 4 GiB"));
    await a.close();
    const py = runPythonJson<{
      names: string[];
      small: string;
      after: string;
      offsets: number[];
      big: number;
    }>(
      `import zipfile, json
z = zipfile.ZipFile(${JSON.stringify(path)})
print(json.dumps({"names": z.namelist(), "small": z.read("small").decode(), "after": z.read("after").decode(),
  "offsets": [i.header_offset for i in z.infolist()], "big": z.getinfo("big").file_size}))`,
    );
    expect(py.names).toEqual(["big", "small", "after"]);
    expect(py.small).toBe("beyond four gibibytes");
    expect(py.after).toBe("appended past 4 GiB");
    expect(py.big).toBe(big);
    expect(py.offsets[2]).toBeGreaterThan(2 ** 32);
    const back = new ZipStore(path, { mode: "r" });
    expect(await back.get("after")).toEqual(text("appended past 4 GiB"));
    await back.close();
  });

  it("switches to zip64 end records by itself past 65534 members", async () => {
    const path = fresh();
    const s = new ZipStore(path, { mode: "w" });
    const one = new Uint8Array([1]);
    const count = 65_536;
    const writes: Promise<void>[] = [];
    for (let i = 0; i < count; i++) writes.push(s.set(`c/${i}`, one));
    await Promise.all(writes);
    await s.close();
    const py = runPythonJson<{ count: number; last: string }>(`import zipfile, json
z = zipfile.ZipFile(${JSON.stringify(path)})
print(json.dumps({"count": len(z.infolist()), "last": z.read("c/${count - 1}").hex()}))`);
    expect(py).toEqual({ count, last: "01" });
    expect(readFileSync(path).includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    const r = new ZipStore(path, { mode: "r" });
    expect((await listKeys(r, "c/")).length).toBe(count);
    expect(await r.get("c/65535")).toEqual(one);
    await r.close();
  });
});
