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
for (let i = 0; i < Number(rounds); i++) {
  const release = mode === "nolock" ? async () => {} : await sync.acquire("arr/0.0");
  const n = Number(readFileSync(counter!, "utf8"));
  await new Promise((r) => setTimeout(r, 1));
  writeFileSync(counter!, String(n + 1));
  await release();
}
