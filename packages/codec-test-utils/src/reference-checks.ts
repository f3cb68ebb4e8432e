import { getCodec } from "@zarrkit/core";
import type { Decoded } from "./compressor-reference.js";
import type { FixtureChunk } from "./fixture-chunks.js";
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

/**
 * Where our decoding of zarr-python's fixture chunks differs from numcodecs' (`theirs[k]`, its
 * decoding of `chunks[k]`): each chunk's codec comes from the registry by the fixture's
 * compressor config and decodes into an output buffer of numcodecs' size, which it must return.
 */
export async function fixtureDecodeMismatches(
  chunks: readonly FixtureChunk[],
  theirs: readonly Decoded[],
): Promise<string[]> {
  const out: string[] = [];
  for (const [k, f] of chunks.entries()) {
    const expected = theirs[k];
    if (!(expected instanceof Uint8Array)) {
      out.push(`${f.name}: numcodecs could not decode it (${expected?.error ?? "no result"})`);
      continue;
    }
    const codec = await getCodec(f.entry.compressor as { id: string });
    const buffer = new Uint8Array(expected.length);
    const got = await codec.decode(f.bytes, buffer);
    if (got !== buffer) out.push(`${f.name}: decode did not return the output buffer`);
    else {
      const same = sameBytes(buffer, expected);
      if (same !== "equal") out.push(`${f.name}: ${same}`);
    }
  }
  return out;
}
