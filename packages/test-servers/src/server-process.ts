import type { ChildProcess } from "node:child_process";
import { connect, createServer } from "node:net";

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function tryConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Resolve once `port` accepts connections; fail if `child` exits first or after `timeoutMs`. */
export async function waitForPort(
  port: number,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `server exited (${child.exitCode ?? child.signalCode}) before listening on ${port}: ${output()}`,
      );
    if (await tryConnect(port)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`server did not listen on 127.0.0.1:${port} within ${timeoutMs} ms: ${output()}`);
}

/** Signal `child` and wait until it has exited (SIGKILL after `graceMs`). */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals = "SIGTERM",
  graceMs = 5_000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

const children = new Set<ChildProcess>();
let hooked = false;

/**
 * Kill `child` when this process exits, so a test run that ends without calling `stop()`
 * (a failed setup, an interrupted run) leaves no server behind. Returns the unregister call.
 */
export function killOnExit(child: ChildProcess): () => void {
  children.add(child);
  if (!hooked) {
    hooked = true;
    process.once("exit", () => {
      for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
    });
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
      process.once(signal, () => {
        // Wait for the servers to exit, so none is left a zombie of a process that is gone.
        Promise.all([...children].map((c) => stopChild(c, "SIGTERM", 2_000))).finally(() =>
          process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1)),
        );
      });
  }
  return () => children.delete(child);
}
