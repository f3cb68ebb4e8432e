/**
 * Peak memory and time of decoding a zlib bomb (256 MiB of zeros, 261 KB) into a 1 KiB chunk,
 * each engine in a fresh process so the kernel's peak RSS belongs to that decode alone.
 *
 *   pnpm --filter @zarrkit/codec-zlib exec tsx --conditions=zarrkit-source bench/bomb-rss.ts [codec module]
 *
 * The codec module defaults to ../src/index.ts; pass an older copy to compare.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { zeroStream } from "../test/bombs.js";

const MiB = 1024 * 1024;
const [, script, mode, ...rest] = process.argv;

if (mode === "--child") {
  const [modulePath, engine, bombPath] = rest as [string, string, string];
  const mod = await import(pathToFileURL(modulePath).href);
  mod.setDeflateEngines({ decode: engine });
  const bomb = new Uint8Array(readFileSync(bombPath));
  const codec = new mod.Zlib();
  await codec.decode(await codec.encode(new Uint8Array(1024)), new Uint8Array(1024)); // warm-up
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  let outcome: string;
  try {
    await codec.decode(bomb, new Uint8Array(1024));
    outcome = "decoded";
  } catch (e) {
    outcome = `${(e as Error).name}: ${(e as Error).message}`;
  }
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ engine, peakGrowthMiB: (peak - rssBefore) / MiB, ms, outcome }));
} else {
  const modulePath = resolve(mode ?? fileURLToPath(new URL("../src/index.ts", import.meta.url)));
  const dir = mkdtempSync(join(tmpdir(), "zlib-bomb-"));
  const bombPath = join(dir, "bomb.zlib");
  const bomb = await zeroStream("zlib", 256 * MiB);
  writeFileSync(bombPath, bomb);
  console.log(`bomb: ${bomb.length} bytes -> ${256 * MiB} bytes; codec module: ${modulePath}`);
  for (const engine of ["node:zlib", "pako"]) {
    const r = spawnSync(
      process.execPath,
      [...process.execArgv, script!, "--child", modulePath, engine, bombPath],
      { encoding: "utf8" },
    );
    process.stdout.write(r.stdout || r.stderr);
  }
}
