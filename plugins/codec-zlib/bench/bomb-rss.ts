/**
 * Peak memory and time of decoding a zlib bomb (256 MiB of zeros, 261 KB) into a 1 KiB chunk,
 * each engine in a fresh process so the kernel's peak RSS belongs to that decode alone.
 *
 *   pnpm --filter @zarrkit/codec-zlib exec tsx --conditions=zarrkit-source bench/bomb-rss.ts [codec module]
 *
 * The codec module defaults to ../src/index.ts; pass an older copy to compare.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { measureBombDecode, runBombChildren } from "@zarrkit/codec-test-utils";
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
  console.log(JSON.stringify({ engine, ...(await measureBombDecode(codec, bomb)) }));
} else {
  const modulePath = resolve(mode ?? fileURLToPath(new URL("../src/index.ts", import.meta.url)));
  const dir = mkdtempSync(join(tmpdir(), "zlib-bomb-"));
  const bombPath = join(dir, "bomb.zlib");
  const bomb = await zeroStream("zlib", 256 * MiB);
  writeFileSync(bombPath, bomb);
  console.log(`bomb: ${bomb.length} bytes -> ${256 * MiB} bytes; codec module: ${modulePath}`);
  runBombChildren(script!, modulePath, ["node:zlib", "pako"], bombPath);
}
