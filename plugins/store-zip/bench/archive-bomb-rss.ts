// Peak memory of reading a deflate bomb through ZipArchiveStore: a member of 1 GiB of zeros
// (about 1 MB deflated) whose directory entry declares 1 KiB. Each engine runs in a fresh
// process, so the kernel's peak RSS belongs to its one read. Run by hand:
//   pnpm --filter @zarrkit/store-zip exec tsx --conditions zarrkit-source bench/archive-bomb-rss.ts
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { crc32 } from "../src/crc32-native.js";
import { openZipInStore } from "../src/zip-archive-store.js";
import { centralDirectory, endRecords, localHeader, storedEntry } from "../src/zip-format.js";
import { CountingStore } from "../test/counting-store.js";

const MiB = 1024 * 1024;

function bombArchive(): Uint8Array {
  const plain = new Uint8Array(1024 * MiB);
  const bomb = deflateRawSync(plain, { level: 9 });
  const e = storedEntry("b", bomb, 0, new Date(2024, 0, 1), crc32);
  e.method = 8;
  e.size = 1024;
  e.crc = crc32(plain.subarray(0, 1024));
  const h = localHeader(e, false);
  const cd = centralDirectory([e], false);
  return new Uint8Array(
    Buffer.concat([h, bomb, cd, endRecords(1, cd.length, h.length + bomb.length, false)]),
  );
}

const self = (...args: string[]) =>
  spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, ...args], {
    encoding: "utf8",
  });

if (process.argv[2] === "--build") {
  writeFileSync(process.argv[3]!, bombArchive());
} else if (process.argv[2] === "--child") {
  const engine = process.argv[3] as "stream" | "pako";
  // the archive comes from the parent: building it here would touch 1 GiB before the read
  const archive = new Uint8Array(readFileSync(process.argv[4]!));
  const store = new CountingStore({ "bomb.zip": archive });
  const zs = await openZipInStore(store, "bomb.zip", { inflateEngine: engine });
  // warm the engine (pako loads on first use) on a member that is not there
  await zs.get("missing");
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  const t = performance.now();
  const outcome = await zs.get("b").then(
    () => "read",
    (e: Error) => e.message,
  );
  const ms = performance.now() - t;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(
    JSON.stringify({
      engine,
      compressed: archive.length,
      rssBeforeMiB: before / MiB,
      peakBeforeMiB: peakBefore / MiB,
      peakAfterMiB: peak / MiB,
      ms,
      outcome,
    }),
  );
} else {
  const dir = mkdtempSync(join(tmpdir(), "zarrkit-archive-bomb-"));
  const file = join(dir, "bomb.zip");
  try {
    // built in its own process: a child inherits its parent's peak RSS (Linux), so the
    // parent must never touch the 1 GiB itself
    const built = self("--build", file);
    if (built.status !== 0) throw new Error(built.stderr);
    for (const engine of ["stream", "pako"]) {
      const r = self("--child", engine, file);
      process.stdout.write(r.stdout + r.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
