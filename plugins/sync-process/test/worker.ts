// A child process for the tests: increments a counter file `rounds` times under the lock
// (read, pause, write), or takes the lock and dies holding it when asked to crash.
import { readFileSync, writeFileSync } from "node:fs";
import { ProcessSynchronizer } from "../src/index.js";

const [lockDir, counter, rounds, mode] = process.argv.slice(2);
const sync = new ProcessSynchronizer(lockDir!, { staleMs: 2000 });
if (mode === "crash") {
  await sync.acquire("arr/0.0");
  process.exit(3);
}
// Start together with the other children (the parent says go once all are loaded), so the
// rounds overlap even when process start-up takes longer than the rounds themselves.
if (process.send) {
  const go = new Promise((resolve) => process.once("message", resolve));
  process.send("ready");
  await go;
  process.disconnect();
}
for (let i = 0; i < Number(rounds); i++) {
  const release = mode === "nolock" ? async () => {} : await sync.acquire("arr/0.0");
  const n = Number(readFileSync(counter!, "utf8"));
  await new Promise((r) => setTimeout(r, 1));
  writeFileSync(counter!, String(n + 1));
  await release();
}
