// A child process for the recovery tests: writes an array into a ZipStore opened in mode "w"
// (after flushing once, with `flushed`), tells the parent, and waits to be killed before it
// ever calls close().
import { create } from "@zarrkit/core";
import { ZipStore } from "../src/index.js";

const [path, variant] = process.argv.slice(2);
const store = new ZipStore(path!, { mode: "w" });
const z = await create([10], { dtype: "i4", chunks: [4], compressor: null, store });
await z.attrs.set("writer", "killed");
await z.set(
  null,
  Int32Array.from({ length: 10 }, (_, i) => i * 3),
);
if (variant === "flushed") {
  await store.flush();
  // goes over the directory flush() wrote, which is now stale
  await z.set([0], 100);
}
process.send!("written");
setInterval(() => {}, 1000);
