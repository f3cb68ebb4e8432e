// A worker thread for the concurrency tests: opens the shared array in a directory store with
// the ThreadSynchronizer built from the shared lock table, writes its rectangles for every
// round, and reports back.
import { parentPort, workerData } from "node:worker_threads";
import { openArray, slice, ThreadSynchronizer } from "../../src/index.js";
import { TestFsStore } from "./fs-store.js";
import { rects, rectValues } from "@zarrkit/test-utils";
import "./test-codecs.js";

const { root, buffer, writer, writers, rounds } = workerData as {
  root: string;
  buffer: SharedArrayBuffer;
  writer: number;
  writers: number;
  rounds: number;
};
const z = await openArray(new TestFsStore(root), {
  mode: "r+",
  synchronizer: ThreadSynchronizer.fromBuffer(buffer),
});
// Start together with the other threads once all are loaded, so their writes overlap.
const go = new Promise((resolve) => parentPort!.once("message", resolve));
parentPort!.postMessage("ready");
await go;
const mine = rects(writers).filter((r) => r.writer === writer);
for (let round = 1; round <= rounds; round++) {
  for (const r of mine) {
    await z.set([slice(r.r0, r.r1), slice(r.c0, r.c1)], {
      data: rectValues(r, round),
      shape: [r.r1 - r.r0, r.c1 - r.c0],
    });
  }
}
parentPort!.postMessage("done");
