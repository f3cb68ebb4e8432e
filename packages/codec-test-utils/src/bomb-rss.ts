import { spawnSync } from "node:child_process";
import type { Codec } from "@zarrkit/core";

/**
 * The two halves of a codec's bomb-RSS benchmark (bench/bomb-rss.ts): the parent starts one
 * fresh process per engine, so the kernel's peak RSS each reports belongs to its one decode.
 */

const MiB = 1024 * 1024;

export interface BombDecode {
  /** Peak RSS above the RSS just before the decode, in MiB. */
  peakGrowthMiB: number;
  ms: number;
  /** "decoded", or the error's name and message. */
  outcome: string;
}

/** In the child: decodes `bomb` into a 1 KiB chunk once (load the engine first). */
export async function measureBombDecode(codec: Codec, bomb: Uint8Array): Promise<BombDecode> {
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
  return { peakGrowthMiB: (peak - rssBefore) / MiB, ms, outcome };
}

/**
 * In the parent: runs `script --child <modulePath> <engine> <bombPath>` with this process's
 * Node and flags, once per engine, one after the other, and prints what each child prints.
 */
export function runBombChildren(
  script: string,
  modulePath: string,
  engines: string[],
  bombPath: string,
): void {
  for (const engine of engines) {
    const r = spawnSync(
      process.execPath,
      [...process.execArgv, script, "--child", modulePath, engine, bombPath],
      { encoding: "utf8" },
    );
    process.stdout.write(r.stdout || r.stderr);
  }
}
