// `zarrkit copy SRC DST [--zarr-format 2|3] [--shards 1000,1000] [--if-exists skip|replace]`
import {
  type CopyOptions,
  copy,
  copyAll,
  copyStore,
  Group,
  group,
  listKeys,
  open,
  type Store,
  ZarrArray,
  ZarrError,
} from "@zarrkit/core";
import { CopyTracker } from "./copy-tracker.js";
import { closeStore, type Location, openLocation } from "./location.js";
import { paint, printJson, printMessage, printResult } from "./output.js";
import { progressReporter } from "./progress.js";
import { UsageError } from "./usage-error.js";

export interface CopyCommandOptions {
  zarrFormat?: string;
  shards?: string;
  ifExists?: string;
  json: boolean;
}

interface CopyPlan {
  zarrFormat: 2 | 3 | undefined;
  shards: number[] | undefined;
  ifExists: "skip" | "replace" | undefined;
}

/** Check the options before anything is opened: a bad value is bad usage (status 2). */
export function copyPlan(opts: CopyCommandOptions): CopyPlan {
  let zarrFormat: 2 | 3 | undefined;
  if (opts.zarrFormat !== undefined) {
    if (opts.zarrFormat !== "2" && opts.zarrFormat !== "3")
      throw new UsageError(
        `--zarr-format must be 2 or 3; found ${JSON.stringify(opts.zarrFormat)}`,
      );
    zarrFormat = Number(opts.zarrFormat) as 2 | 3;
  }
  let shards: number[] | undefined;
  if (opts.shards !== undefined) {
    const parts = opts.shards.split(",").map((s) => s.trim());
    if (parts.some((p) => !/^[1-9]\d*$/.test(p)))
      throw new UsageError(
        `--shards must be positive whole numbers separated by commas (e.g. 1000,1000); found ${JSON.stringify(opts.shards)}`,
      );
    shards = parts.map(Number);
    if (zarrFormat === 2)
      throw new UsageError("--shards needs Zarr v3: Zarr v2 has no shards (drop --zarr-format 2)");
    // Shards exist only in v3, so asking for them asks for v3.
    zarrFormat = 3;
  }
  let ifExists: CopyPlan["ifExists"];
  if (opts.ifExists !== undefined) {
    if (opts.ifExists !== "skip" && opts.ifExists !== "replace")
      throw new UsageError(
        `--if-exists must be skip or replace; found ${JSON.stringify(opts.ifExists)}`,
      );
    ifExists = opts.ifExists;
  }
  return { zarrFormat, shards, ifExists };
}

const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/** Every array under a node, by path relative to it, with the node itself as "". */
async function arraysOf(node: ZarrArray | Group, prefix = ""): Promise<[string, ZarrArray][]> {
  if (node instanceof ZarrArray) return [[prefix, node]];
  const out: [string, ZarrArray][] = [];
  for (const [name, member] of await node.members())
    out.push(...(await arraysOf(member, prefix ? `${prefix}/${name}` : name)));
  return out;
}

async function hasNode(store: Store, path: string): Promise<boolean> {
  try {
    await open(store, { mode: "r", path });
    return true;
  } catch {
    return false;
  }
}

/** The copy was stopped by Ctrl-C: a failure (status 1) whose report is already printed. */
export class CopyInterrupted extends ZarrError {
  override name = "CopyInterrupted";
}

export async function copyCommand(
  src: Location,
  dst: Location,
  opts: CopyCommandOptions,
  signal: AbortSignal,
): Promise<void> {
  const plan = copyPlan(opts);
  let source: Store | undefined;
  let dest: Store | undefined;
  try {
    source = await openLocation(src, "r");
    const node = await open(source, { mode: "r", path: src.path });
    dest = await openLocation(dst, "a");
    if (!plan.ifExists && (await hasNode(dest, dst.path)))
      throw new ZarrError(
        `${dst.text} already holds Zarr data; pass --if-exists skip (keep what is there) or --if-exists replace`,
      );
    await runCopy(node, source, dest, src, dst, plan, opts.json, signal);
  } finally {
    // Also after an interrupt: a zip destination is only readable once finished.
    await closeStore(dest);
    await closeStore(source);
  }
}

async function runCopy(
  node: ZarrArray | Group,
  source: Store,
  dest: Store,
  src: Location,
  dst: Location,
  plan: CopyPlan,
  json: boolean,
  signal: AbortSignal,
): Promise<void> {
  const arrays = await arraysOf(node);
  const raw = plan.zarrFormat === undefined;
  const unit = raw ? "keys" : "chunks";
  const srcPrefix = src.path ? `${src.path}/` : "";
  const destPrefix = dst.path ? `${dst.path}/` : "";
  let tracker: CopyTracker;
  let keyOwner: (key: string) => string | undefined = () => undefined;
  if (raw) {
    // A raw copy moves keys: count each array's keys, so progress is per key.
    const keys = await listKeys(source, srcPrefix);
    const owner = (key: string) => {
      const rel = key.slice(srcPrefix.length);
      if (node instanceof ZarrArray) return "";
      return arrays.find(([p]) => rel.startsWith(`${p}/`))?.[0];
    };
    const counts = new Map<string, number>(arrays.map(([p]) => [p, 0]));
    for (const k of keys) {
      const o = owner(k);
      if (o !== undefined) counts.set(o, counts.get(o)! + 1);
    }
    tracker = new CopyTracker(counts);
    keyOwner = owner;
  } else {
    tracker = new CopyTracker(
      arrays.map(([p, a]) => {
        const grid = plan.shards ?? a.chunks;
        return [p, product(a.shape.map((n, d) => Math.ceil(n / grid[d]!)))];
      }),
    );
  }
  const bar = progressReporter(unit, !json);
  let result: [number, number, number];
  try {
    if (raw) {
      let total = 0;
      result = await copyStore(source, dest, {
        sourcePath: src.path,
        destPath: dst.path,
        ...(plan.ifExists ? { ifExists: plan.ifExists } : {}),
        signal,
        onProgress: (p) => {
          const o = keyOwner(p.key);
          if (o !== undefined) tracker.advance(o);
          total = p.keysTotal;
          bar.update({ done: p.keysDone, total, bytesDone: p.bytesDone });
        },
      });
      bar.update({ done: total, total, bytesDone: result[2] });
    } else {
      const bytesTotal = arrays.reduce((n, [, a]) => n + a.nbytes, 0);
      const common: Omit<CopyOptions, "name"> = {
        zarrFormat: plan.zarrFormat!,
        ...(plan.shards ? { shards: plan.shards } : {}),
        // A partly written array (an interrupted copy) is copied again; whole ones are kept.
        ...(plan.ifExists
          ? { ifExists: plan.ifExists === "skip" ? "skip_initialized" : "replace" }
          : {}),
        signal,
        onProgress: (p) => {
          const rel = p.path.slice(destPrefix.length);
          tracker.set(
            node instanceof ZarrArray ? "" : rel,
            p.array.chunksDone,
            p.array.chunksTotal,
          );
          bar.update({
            done: tracker.done,
            total: tracker.total,
            bytesDone: p.bytesDone,
            bytesTotal,
          });
        },
      };
      if (node instanceof Group) {
        const root = await group({ store: dest, path: dst.path, zarrFormat: plan.zarrFormat! });
        result = await copyAll(node, root, common);
      } else {
        const slash = dst.path.lastIndexOf("/");
        if (dst.path === "")
          throw new UsageError(
            `copying the array ${src.text} with --zarr-format needs its path in the destination: ${dst.text}#name`,
          );
        const parent = await group({
          store: dest,
          path: slash < 0 ? "" : dst.path.slice(0, slash),
          zarrFormat: plan.zarrFormat!,
        });
        result = await copy(node, parent, { ...common, name: dst.path.slice(slash + 1) });
      }
      tracker.finishAll();
      bar.update({ done: tracker.total, total: tracker.total, bytesDone: bytesTotal, bytesTotal });
    }
  } catch (e) {
    bar.stop();
    if (!signal.aborted) throw e;
    const states = tracker.states();
    if (json)
      printJson({
        status: "interrupted",
        source: src.text,
        destination: dst.text,
        unit,
        arrays: states,
      });
    else {
      printMessage(
        paint(
          process.stderr,
          "yellow",
          `copy interrupted: ${src.text} was not completely copied to ${dst.text}`,
        ),
      );
      for (const line of tracker.report(unit)) printMessage(line);
    }
    throw new CopyInterrupted(
      `copy of ${src.text} to ${dst.text} interrupted by Ctrl-C; the copy is incomplete (the ${unit} written are whole)`,
    );
  }
  bar.stop();
  tracker.finishAll();
  const [copied, skipped, bytes] = result;
  if (json)
    printJson({
      status: "complete",
      source: src.text,
      destination: dst.text,
      zarrFormat: plan.zarrFormat ?? null,
      copied,
      skipped,
      bytes,
      unit,
      arrays: tracker.states(),
    });
  else
    printResult(
      `copied ${src.text} to ${dst.text}: ${copied} ${raw ? "keys" : "nodes"} copied, ${skipped} skipped, ${bytes} bytes`,
    );
}
