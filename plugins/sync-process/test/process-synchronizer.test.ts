import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { create, ZarrError } from "@zarrkit/core";
import { DirectoryStore } from "@zarrkit/store-fs";
import { ProcessSynchronizer } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "zarrkit-sync-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function start(args: string[], ipc: boolean) {
  const p = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=zarrkit-source", join(here, "worker.ts"), ...args],
    { stdio: ipc ? ["inherit", "inherit", "inherit", "ipc"] : "inherit" },
  );
  const exit = new Promise<number>((resolve, reject) => {
    p.on("error", reject);
    p.on("exit", (code) => resolve(code ?? -1));
  });
  const ready = new Promise<void>((resolve) => p.once("message", () => resolve()));
  return { p, exit, ready };
}

function run(args: string[]): Promise<number> {
  return start(args, false).exit;
}

/** Start children, and let them go at once when every one has loaded. */
async function runTogether(argsList: string[][]): Promise<number[]> {
  const children = argsList.map((args) => start(args, true));
  await Promise.race([
    Promise.all(children.map((c) => c.ready)),
    Promise.all(children.map((c) => c.exit)),
  ]);
  for (const c of children) if (c.p.connected) c.p.send("go");
  return Promise.all(children.map((c) => c.exit));
}

async function race(mode: "lock" | "nolock", name: string): Promise<number> {
  const counter = join(tmp, `${name}.txt`);
  writeFileSync(counter, "0");
  const codes = await runTogether(
    [1, 2, 3].map(() => [join(tmp, `${name}-locks`), counter, "25", mode]),
  );
  expect(codes).toEqual([0, 0, 0]);
  return Number(readFileSync(counter, "utf8"));
}

describe("ProcessSynchronizer", () => {
  it("excludes other processes (and without it updates are lost)", async () => {
    expect(await race("lock", "with")).toBe(75);
    // Unlocked, the children's read-modify-writes interleave: updates are lost, or a child reads
    // the counter while another has truncated it, and the total comes out wrong either way.
    expect(await race("nolock", "without")).not.toBe(75);
  });

  it("takes over a lock whose holder crashed", async () => {
    const dir = join(tmp, "crash-locks");
    expect(await run([dir, join(tmp, "unused"), "0", "crash"])).toBe(3);
    expect(readdirSync(dir)).toEqual([`${encodeURIComponent("arr/0.0")}.lock`]);
    const sync = new ProcessSynchronizer(dir, { timeoutMs: 5000 });
    const release = await sync.acquire("arr/0.0");
    await release();
    expect(existsSync(join(dir, `${encodeURIComponent("arr/0.0")}.lock`))).toBe(false);
  });

  it("waits for a live holder and times out with the key in the message", async () => {
    const dir = join(tmp, "timeout-locks");
    const a = new ProcessSynchronizer(dir);
    const b = new ProcessSynchronizer(dir, { timeoutMs: 50 });
    const release = await a.acquire("x/1.2");
    await expect(b.acquire("x/1.2")).rejects.toThrow('waiting for the lock on "x/1.2"');
    await release();
    await (await b.acquire("x/1.2"))();
    expect(String(a)).toBe("ProcessSynchronizer");
  });

  it("takes over an empty lock left by a writer killed before it wrote its owner", async () => {
    // The reproducer: an empty 0.lock used to block set() for staleMs (30 s).
    const locks = join(tmp, "empty-locks");
    mkdirSync(locks, { recursive: true });
    writeFileSync(join(locks, "0.lock"), "");
    const z = await create([4], {
      dtype: "i4",
      chunks: [4],
      compressor: null,
      store: new DirectoryStore(join(tmp, "empty.zarr")),
      synchronizer: new ProcessSynchronizer(locks, { timeoutMs: 5000 }),
    });
    await z.set(null, Int32Array.of(7, 8, 9, 10));
    expect(Array.from((await z.get(null)).data as Int32Array)).toEqual([7, 8, 9, 10]);
    expect(readdirSync(locks)).toEqual([]);
  });

  it("takes over a garbled lock once it is older than the grace period", async () => {
    const dir = join(tmp, "garbled-locks");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "k.lock");
    writeFileSync(file, '{"host": "x", "pi');
    const past = new Date(Date.now() - 60_000);
    utimesSync(file, past, past);
    const release = await new ProcessSynchronizer(dir, { timeoutMs: 100 }).acquire("k");
    expect(JSON.parse(readFileSync(file, "utf8")).pid).toBe(process.pid);
    await release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("leaves a fresh unowned lock alone (an older version may be about to fill it)", async () => {
    const dir = join(tmp, "fresh-unowned-locks");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "k.lock");
    writeFileSync(file, "");
    // an mtime ahead of the clock keeps the file inside the grace period however slow the test
    const future = new Date(Date.now() + 60_000);
    utimesSync(file, future, future);
    const err = await new ProcessSynchronizer(dir, { timeoutMs: 50 }).acquire("k").catch((e) => e);
    expect(err).toBeInstanceOf(ZarrError);
    expect(String(err.message)).toContain('waiting for the lock on "k"');
    expect(readFileSync(file, "utf8")).toBe("");
  });

  it("shows a lock only with its owner in it, and leaves no temporary file", async () => {
    const dir = join(tmp, "owner-locks");
    const sync = new ProcessSynchronizer(dir);
    const release = await sync.acquire("a/0.1");
    const file = join(dir, `${encodeURIComponent("a/0.1")}.lock`);
    const owner = JSON.parse(readFileSync(file, "utf8"));
    expect(owner.pid).toBe(process.pid);
    expect(typeof owner.token).toBe("string");
    expect(readdirSync(dir)).toEqual([`${encodeURIComponent("a/0.1")}.lock`]);
    await release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("clears old temporary files of killed lockers, and nothing else", async () => {
    const dir = join(tmp, "leftover-locks");
    mkdirSync(dir, { recursive: true });
    const uuid = "0123abcd-0123-4567-89ab-0123456789ab";
    const past = new Date(Date.now() - 60_000);
    const old = [`k.lock.${uuid}.tmp`, `k.lock.${uuid}.stale`];
    const kept = [
      `j.lock.${uuid.replace("0123abcd", "fffffff0")}.tmp`,
      "k.lock.notes.tmp",
      "x.txt",
    ];
    for (const name of [...old, ...kept]) {
      writeFileSync(join(dir, name), "{}");
      if (name !== kept[0]) utimesSync(join(dir, name), past, past);
    }
    const release = await new ProcessSynchronizer(dir, { staleMs: 30_000 }).acquire("other");
    await release();
    expect(readdirSync(dir).sort()).toEqual([...kept].sort());
  });
});
