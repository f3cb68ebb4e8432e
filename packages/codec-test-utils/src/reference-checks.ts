import type { RefResult } from "./numcodecs-reference.js";
import { sameBytes } from "./same-bytes.js";

/** What a codec shows of itself: its repr and its stored config. */
interface Described {
  toString(): string;
  toConfig(): unknown;
}

/**
 * Where our codecs print or configure differently from numcodecs' (`reference(...).reprs`),
 * one message each; empty when all agree. Configs are compared as JSON text, so the key
 * order must match numcodecs' too.
 */
export function reprMismatches(
  configs: readonly Record<string, unknown>[],
  reprs: readonly { repr: string; config: Record<string, unknown> }[],
  fromConfig: (config: Record<string, unknown>) => Described,
): string[] {
  const out: string[] = [];
  configs.forEach((config, i) => {
    const codec = fromConfig(config);
    const theirs = reprs[i];
    if (!theirs) {
      out.push(`${JSON.stringify(config)}: numcodecs has no repr for it`);
      return;
    }
    if (String(codec) !== theirs.repr)
      out.push(`${JSON.stringify(config)}: repr ${String(codec)} != ${theirs.repr}`);
    const ours = JSON.stringify(codec.toConfig());
    if (ours !== JSON.stringify(theirs.config))
      out.push(`${JSON.stringify(config)}: config ${ours} != ${JSON.stringify(theirs.config)}`);
  });
  return out;
}

/**
 * Where a numeric filter and numcodecs part on one case (`reference(...).results[i]`): our
 * encoding against theirs, our decoding of theirs against theirs, and numcodecs' decoding of
 * ours; empty when they agree both ways.
 */
export function bothWaysMismatches(
  codec: { decode(bytes: Uint8Array): unknown },
  ours: Uint8Array | undefined,
  theirs: RefResult,
): string[] {
  if (theirs.error) return [`numcodecs raised ${theirs.error}`];
  if (!ours) return ["no encoding of ours to compare"];
  const out: string[] = [];
  const check = (what: string, a: unknown, b: Uint8Array | undefined) => {
    if (!b) out.push(`${what}: numcodecs gave nothing`);
    else if (!(a instanceof Uint8Array))
      out.push(`${what}: ${Object.prototype.toString.call(a)}, not bytes`);
    else {
      const same = sameBytes(a, b);
      if (same !== "equal") out.push(`${what}: ${same}`);
    }
  };
  check("our encoding vs numcodecs'", ours, theirs.theirs);
  check("our decoding of numcodecs' encoding", codec.decode(theirs.theirs), theirs.theirsDecoded);
  check("numcodecs' decoding of ours", theirs.oursDecoded, theirs.theirsDecoded);
  return out;
}
