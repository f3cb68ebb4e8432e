// Temporary `.partial` files left by killed writers: a store opened for writing removes the old
// ones that match the temporary-file name exactly, and nothing else.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReadOnlyError, ZarrError } from "@zarrkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { DirectoryStore, openDirectoryStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-fs-partial-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const HEX = "0123456789abcdef".repeat(2);
const TWO_HOURS_AGO = new Date(Date.now() - 2 * 3600 * 1000);

function file(path: string, old: boolean): string {
  writeFileSync(path, "x");
  if (old) utimesSync(path, TWO_HOURS_AGO, TWO_HOURS_AGO);
  return path;
}

/** A store folder with stale and fresh temporary files and look-alikes; returns its paths. */
function litter(): { root: string; outside: string } {
  const base = join(tmp, `t${n++}`);
  const root = join(base, "store");
  const outside = join(base, "outside");
  mkdirSync(join(root, "arr", "0"), { recursive: true });
  mkdirSync(outside);
  file(join(root, "arr", "0.0"), true);
  file(join(root, "arr", `0.0.${HEX}.partial`), true); // stale: ours or zarr-python's
  file(join(root, "arr", "0", `1.${HEX}.partial`), true); // stale, nested layout
  file(join(root, `.zattrs.${HEX}.partial`), true); // stale, at the root
  file(join(root, "arr", `0.1.${HEX}.partial`), false); // fresh: a live writer's
  file(join(root, "arr", "notes.partial"), true); // not our pattern
  file(join(root, "arr", `0.2.${HEX.toUpperCase()}.partial`), true); // not our pattern
  file(join(root, "arr", `0.3.${HEX.slice(1)}.partial`), true); // 31 digits: not ours
  mkdirSync(join(root, "arr", `dir.${HEX}.partial`)); // a folder, not a file
  file(join(outside, `o.${HEX}.partial`), true);
  symlinkSync(outside, join(root, "linked")); // never followed by the clean-up
  symlinkSync(join(outside, `o.${HEX}.partial`), join(root, `l.${HEX}.partial`));
  return { root, outside };
}

const SURVIVORS = [
  "arr/0.0",
  `arr/0.1.${HEX}.partial`,
  `arr/0.2.${HEX.toUpperCase()}.partial`,
  `arr/0.3.${HEX.slice(1)}.partial`,
  `arr/dir.${HEX}.partial`,
  "arr/notes.partial",
];

function files(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory() && readdirSync(join(d, e.name)).length > 0) walk(join(d, e.name), r);
      else out.push(r);
    }
  };
  walk(root, "");
  return out.sort();
}

describe("stale temporary files", () => {
  it("are removed when a store is opened for writing; fresh ones and look-alikes stay", async () => {
    const { root, outside } = litter();
    const s = new DirectoryStore(root);
    await s.close(); // waits for the clean-up started on opening
    expect(files(root)).toEqual([...SURVIVORS, "arr/0", `l.${HEX}.partial`, "linked"].sort());
    expect(readdirSync(outside)).toEqual([`o.${HEX}.partial`]);
  });

  it("also through openDirectoryStore in a writing mode, and on demand", async () => {
    const { root } = litter();
    const s = openDirectoryStore(root, { mode: "a" });
    await s.close();
    expect(existsSync(join(root, `.zattrs.${HEX}.partial`))).toBe(false);
    const again = join(root, "arr", `9.${HEX}.partial`);
    file(again, true);
    expect(await s.removeStaleTempFiles()).toBe(1);
    expect(existsSync(again)).toBe(false);
    // with a zero bound even the fresh one goes (the caller knows no writer is running)
    expect(await s.removeStaleTempFiles(0)).toBe(1);
    expect(existsSync(join(root, "arr", `0.1.${HEX}.partial`))).toBe(false);
  });

  it("are left alone by read-only stores and with staleTempFileMs: false", async () => {
    const { root } = litter();
    const before = files(root);
    const r = openDirectoryStore(root, { mode: "r" });
    await r.close();
    await expect(r.removeStaleTempFiles()).rejects.toThrow(ReadOnlyError);
    const off = new DirectoryStore(root, { staleTempFileMs: false });
    await off.close();
    expect(files(root)).toEqual(before);
    // a custom bound: three hours keeps two-hour-old files
    const lenient = new DirectoryStore(root, { staleTempFileMs: 3 * 3600 * 1000 });
    await lenient.close();
    expect(files(root)).toEqual(before);
    expect(() => new DirectoryStore(root, { staleTempFileMs: -1 })).toThrow(ZarrError);
    expect(() => new DirectoryStore(root, { staleTempFileMs: -1 })).toThrow(
      "staleTempFileMs must be a number of milliseconds >= 0 or false, got -1",
    );
  });
});
