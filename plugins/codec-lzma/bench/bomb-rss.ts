/**
 * Peak memory and time of decoding an xz bomb (768 MiB of zeros) into a 1 KiB chunk, each
 * engine in a fresh process so the kernel's peak RSS belongs to that decode alone.
 *
 *   pnpm --filter @zarrkit/codec-lzma exec tsx --conditions=zarrkit-source bench/bomb-rss.ts [codec module]
 *
 * The bomb is one XZ stream written by Python's lzma (preset 9) through /usr/bin/python3. The
 * codec module defaults to ../src/index.ts; pass an older copy to compare.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { measureBombDecode, runBombChildren } from "@zarrkit/codec-test-utils";

const MiB = 1024 * 1024;
const [, script, mode, ...rest] = process.argv;

const WRITE_BOMB = `
import lzma, sys
c = lzma.LZMACompressor(preset=9)
zeros = bytes(16 << 20)
with open(sys.argv[1], "wb") as f:
    for _ in range(48):
        f.write(c.compress(zeros))
    f.write(c.flush())
`;

if (mode === "--child") {
  const [modulePath, backend, bombPath] = rest as [string, string, string];
  const mod = await import(pathToFileURL(modulePath).href);
  const small = await new mod.LZMA({ preset: 1 }).encode(new Uint8Array(1024));
  mod.setLzmaBackend(backend);
  const bomb = new Uint8Array(readFileSync(bombPath));
  const codec = new mod.LZMA();
  await codec.decode(small, new Uint8Array(1024)); // warm-up: load the engine
  console.log(JSON.stringify({ backend, ...(await measureBombDecode(codec, bomb)) }));
} else {
  const modulePath = resolve(mode ?? fileURLToPath(new URL("../src/index.ts", import.meta.url)));
  const bombPath = join(mkdtempSync(join(tmpdir(), "xz-bomb-")), "bomb.xz");
  const py = spawnSync("/usr/bin/python3", ["-c", WRITE_BOMB, bombPath], { encoding: "utf8" });
  if (py.status !== 0) throw new Error(`writing the bomb failed: ${py.stderr}`);
  const size = readFileSync(bombPath).length;
  console.log(`bomb: ${size} bytes -> ${768 * MiB} bytes; codec module: ${modulePath}`);
  runBombChildren(script!, modulePath, ["lzma-native", "xz-decompress"], bombPath);
}
