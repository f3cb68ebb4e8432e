// A child process for the array tests: opens the shared array in a DirectoryStore with a
// ProcessSynchronizer on `lockDir`, and writes its rectangles for every round. `crash-holding`
// takes the lock of chunk 0.0 and dies holding it.
import { openArray, slice } from "@zarrkit/core";
// The store plugin from source (a sibling package; not a dependency of this one).
import { DirectoryStore } from "@zarrkit/store-fs";
import { ProcessSynchronizer } from "../src/index.js";
import { rects, rectValues } from "@zarrkit/test-utils";

const [root, lockDir, writer, writers, rounds, mode] = process.argv.slice(2);
const sync = new ProcessSynchronizer(lockDir!, { staleMs: 2000 });
if (mode === "crash-holding") {
  await sync.acquire("0.0");
  process.exit(3);
}
const z = await openArray(new DirectoryStore(root!), {
  mode: "r+",
  ...(mode === "nolock" ? {} : { synchronizer: sync }),
});
const mine = rects(Number(writers)).filter((r) => r.writer === Number(writer));
for (let round = 1; round <= Number(rounds); round++)
  for (const r of mine)
    await z.set([slice(r.r0, r.r1), slice(r.c0, r.c1)], {
      data: rectValues(r, round),
      shape: [r.r1 - r.r0, r.c1 - r.c0],
    });
