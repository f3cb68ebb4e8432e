import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
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
    expect(await race("nolock", "without")).toBeLessThan(75);
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
});
