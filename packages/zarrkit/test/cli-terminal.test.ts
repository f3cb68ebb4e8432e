// `zarrkit copy` in a real pseudo-terminal (tmux): the progress bar appears and ends at 100%,
// and Ctrl-C stops the copy cleanly, reporting what was and wasn't copied, with every chunk
// written whole.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";
import { CLI_ARGS, PACKAGE_DIR } from "./cli-run.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-cli-tty-"));
// A tmux server of our own, so nothing else running tmux is touched.
const SOCKET = `zarrkit-cli-test-${process.pid}`;
const tmux = (...args: string[]) =>
  execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });

const small = join(tmp, "small.zarr");
const large = join(tmp, "large.zarr");

beforeAll(async () => {
  const s = await zarr.openGroup(small, { mode: "w" });
  const a = await s.zeros("a", { shape: [200, 150], chunks: [10, 10], dtype: "<i4" });
  await a.set(
    null,
    Int32Array.from({ length: 30000 }, (_, i) => i + 1),
  );
  // Many small chunks, so the copy is still running when Ctrl-C arrives.
  const l = await zarr.openGroup(large, { mode: "w" });
  const big = await l.zeros("a", { shape: [400, 2000], chunks: [10, 10], dtype: "<i4" });
  await big.set(
    null,
    Int32Array.from({ length: 800000 }, (_, i) => i + 1),
  );
  const later = await l.zeros("z/later", { shape: [30, 30], chunks: [10, 10], dtype: "<i4" });
  await later.set(null, 7);
}, 120_000);

afterAll(() => {
  try {
    tmux("kill-server");
  } catch {
    // The server is gone already when its last session ended.
  }
  rmSync(tmp, { recursive: true, force: true });
});

/** Start `zarrkit ...args` in a 120x30 tmux pane; the pane stays to be read after it exits. */
function startInTmux(session: string, args: string[]): void {
  const quoted = [process.execPath, ...CLI_ARGS, ...args].map((a) => `'${a}'`).join(" ");
  tmux(
    "new-session",
    "-d",
    "-x",
    "120",
    "-y",
    "30",
    "-s",
    session,
    "-c",
    PACKAGE_DIR,
    `${quoted}; echo "EXIT=$?"; sleep 600`,
  );
}

const screen = (session: string) => tmux("capture-pane", "-p", "-t", session);

async function waitFor(session: string, test: (text: string) => boolean, ms = 90_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const text = screen(session);
    if (test(text)) return text;
    if (Date.now() > deadline) throw new Error(`tmux pane never matched; it shows:\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("zarrkit copy on a terminal", () => {
  it("shows a bar with chunks, bytes, rate and time left, finishing at 100%", async () => {
    const dst = join(tmp, "bar.zarr");
    startInTmux("bar", ["copy", small, dst, "--zarr-format", "3"]);
    const text = await waitFor("bar", (t) => /EXIT=\d+/.test(t));
    expect(text).toMatch(/EXIT=0/);
    const barLine = text.split("\n").find((l) => l.includes("chunks |"));
    expect(barLine).toBeDefined();
    expect(barLine).toMatch(
      /100% \| 300\/300 chunks \| 117\.2K\/117\.2K \| [\d.]+[KMG]?\/s \| ETA /,
    );
    expect(barLine).toContain("\u2588");
    expect(text.replace(/\n/g, "")).toMatch(/copied .*small\.zarr to .*bar\.zarr: 1 nodes copied/);
  }, 120_000);

  it("stops on Ctrl-C: exit status 1, says what was and wasn't copied, every chunk written is whole", async () => {
    const dst = join(tmp, "interrupted.zarr");
    startInTmux("int", ["copy", large, dst, "--zarr-format", "3"]);
    // Wait for the copy to be under way (some chunks done), then press Ctrl-C.
    await waitFor("int", (t) => /\s[1-9]\d*\/\d+ chunks/.test(t));
    tmux("send-keys", "-t", "int", "C-c");
    const text = await waitFor("int", (t) => /EXIT=\d+/.test(t));
    expect(text).toMatch(/EXIT=1/);
    const flat = text.replace(/\n/g, " ");
    expect(flat).toMatch(/copy interrupted: .*large\.zarr was not completely copied to/);
    expect(flat).toMatch(/not started \(1\): z\/later/);
    expect(flat).toMatch(/interrupted by Ctrl-C; the copy is incomplete/);
    const m = /interrupted: a, (\d+) of 8000 chunks written/.exec(flat);
    expect(m).not.toBeNull();
    const reported = Number(m![1]);
    expect(reported).toBeGreaterThan(0);
    expect(reported).toBeLessThan(8000);

    // Every chunk in the destination decodes and equals the source's region.
    const out = (await zarr.open(dst, { mode: "r", path: "a" })) as zarr.ZarrArray;
    const source = (await zarr.open(large, { mode: "r", path: "a" })) as zarr.ZarrArray;
    const store = await zarr.resolveStore(dst, "r");
    const chunkKeys = (await zarr.listKeys(store, "a/c/")).sort();
    expect(chunkKeys.length).toBe(reported);
    for (const key of chunkKeys) {
      const [, , i, j] = key.split("/").map(Number) as [number, number, number, number];
      const sel = `${i * 10}:${i * 10 + 10}, ${j * 10}:${j * 10 + 10}`;
      const got = await out.get(sel);
      const want = await source.get(sel);
      expect({ key, values: Array.from(got.data as Int32Array) }).toEqual({
        key,
        values: Array.from(want.data as Int32Array),
      });
    }
    expect(await zarr.listKeys(store, "z/later/c/")).toEqual([]);
  }, 180_000);
});
