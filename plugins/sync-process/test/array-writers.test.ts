// Several OS processes write unaligned regions that share chunks into one DirectoryStore
// through a ProcessSynchronizer: every written value is there afterwards, a reader running
// meanwhile only ever sees whole chunks (the store's writes are atomic), and a process that
// died holding a chunk's lock does not stop the others.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { create, openArray, type ZarrArray } from "@zarrkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { DirectoryStore } from "@zarrkit/store-fs";
import { CHUNKS, checkSnapshot, SHAPE } from "@zarrkit/test-utils";

const here = dirname(fileURLToPath(import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "zarrkit-procs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function child(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=zarrkit-source", join(here, "array-writer.ts"), ...args],
      { stdio: "inherit" },
    );
    p.on("error", reject);
    p.on("exit", (code) => resolve(code ?? -1));
  });
}

async function newArray(name: string): Promise<string> {
  const root = join(tmp, `${name}.zarr`);
  await create([...SHAPE], {
    dtype: "i4",
    chunks: [...CHUNKS],
    compressor: null,
    store: new DirectoryStore(root),
  });
  return root;
}

/** Read the whole array until `done` settles; every problem any snapshot showed. */
async function watch(z: ZarrArray, writers: number, rounds: number, done: Promise<unknown>) {
  let over = false;
  void done.finally(() => {
    over = true;
  });
  let reads = 0;
  /** Snapshots taken while writes were under way: some values written, not all final. */
  let during = 0;
  const problems: string[] = [];
  while (!over) {
    const data = (await z.get(null)).data as Int32Array;
    problems.push(...checkSnapshot(data, writers));
    reads++;
    if (data.some((v) => v !== 0) && data.some((v) => v < rounds * 1_000_000)) during++;
    await new Promise((r) => setTimeout(r, 2));
  }
  return { reads, during, problems };
}

describe("ProcessSynchronizer with arrays", () => {
  it("several processes writing shared chunks lose nothing; a reader sees whole chunks", async () => {
    const writers = 3;
    const rounds = 6;
    const root = await newArray("procs");
    const locks = join(tmp, "procs.sync");
    const writing = Promise.all(
      Array.from({ length: writers }, (_, w) =>
        child([root, locks, String(w), String(writers), String(rounds)]),
      ),
    );
    const reader = await openArray(new DirectoryStore(root), { mode: "r" });
    const seen = await watch(reader, writers, rounds, writing);
    expect(await writing).toEqual([0, 0, 0]);
    expect(seen.during).toBeGreaterThan(0);
    expect(seen.problems).toEqual([]);
    expect(checkSnapshot((await reader.get(null)).data as Int32Array, writers, rounds)).toEqual([]);
  });

  it("a process that died holding a chunk's lock does not block the writers", async () => {
    const root = await newArray("crash");
    const locks = join(tmp, "crash.sync");
    expect(await child([root, locks, "0", "1", "0", "crash-holding"])).toBe(3);
    expect(existsSync(join(locks, "0.0.lock"))).toBe(true);
    const codes = await Promise.all([0, 1].map((w) => child([root, locks, String(w), "2", "1"])));
    expect(codes).toEqual([0, 0]);
    const z = await openArray(new DirectoryStore(root), { mode: "r" });
    expect(checkSnapshot((await z.get(null)).data as Int32Array, 2, 1)).toEqual([]);
  });
});
