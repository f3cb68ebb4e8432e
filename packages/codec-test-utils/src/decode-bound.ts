import { type ChunkInfo, type Codec, CodecError, setDecodeLimit } from "@zarrkit/core";

/**
 * Helpers for the decode-limit and bomb tests of the compressor codecs: each codec must stop
 * decoding at the decode's bound (the `out` buffer, `info.nbytes`, or the process-wide limit)
 * and fail with a CodecError that says so.
 */

/** The ChunkInfo of a chunk of `nbytes` single bytes, as the chunk pipeline passes it. */
export function byteChunk(nbytes: number): ChunkInfo {
  return { dtype: "|u1", itemsize: 1, shape: [nbytes], nbytes };
}

const describeThrown = (e: unknown) =>
  e instanceof Error ? `${e.constructor.name}: ${e.message}` : `${typeof e}: ${String(e)}`;

/**
 * What `p` rejected with; throws (failing the test) when it resolved or rejected with
 * anything but a CodecError, since a codec's failures are CodecErrors.
 */
export async function rejection(p: unknown): Promise<CodecError> {
  let settled: { value: unknown } | { error: unknown };
  try {
    settled = { value: await p };
  } catch (e) {
    settled = { error: e };
  }
  if ("value" in settled) throw new Error("expected a CodecError, but the call succeeded");
  if (!(settled.error instanceof CodecError)) {
    throw new Error(`expected a CodecError, got ${describeThrown(settled.error)}`);
  }
  return settled.error;
}

/** Growth of the process's peak RSS (the kernel's maxRSS) while `fn` runs. */
export async function peakRssGrowth(fn: () => Promise<unknown>): Promise<number> {
  const before = process.resourceUsage().maxRSS * 1024;
  await fn();
  return process.resourceUsage().maxRSS * 1024 - before;
}

/** `codec.decode(...args)` as a promise, a synchronous throw included. */
const decoding = async (codec: Codec, ...args: Parameters<Codec["decode"]>) =>
  codec.decode(...args);

/**
 * The messages of decoding `encoded` into an `nbytes` output buffer, then with `info.nbytes`
 * of `nbytes` (the two bounds a chunk read gives); both must fail with a CodecError.
 */
export async function boundRefusals(
  codec: Codec,
  encoded: Uint8Array,
  nbytes: number,
): Promise<[intoOut: string, withInfo: string]> {
  const intoOut = await rejection(decoding(codec, encoded, new Uint8Array(nbytes)));
  const withInfo = await rejection(decoding(codec, encoded, undefined, byteChunk(nbytes)));
  return [intoOut.message, withInfo.message];
}

/** How a codec decodes at its bound: see `boundEdge`. */
export interface BoundEdge {
  /** `exact` decoded into an out buffer, with `info.nbytes`, and bare under the limit. */
  decoded: Uint8Array[];
  /** Whether the decode into an out buffer returned that buffer itself. */
  returnedOut: boolean;
  /** The CodecError messages of `over` decoded the same three ways. */
  overflows: string[];
}

/**
 * Decodes `exact` (a stream of exactly `nbytes`) and `over` (one of `nbytes + 1`) three ways:
 * into an `nbytes` out buffer (filled with 7s first, so a decoder that leaves it alone shows),
 * with `info.nbytes`, and bare with the process-wide limit at `nbytes` (restored after).
 */
export async function boundEdge(
  codec: Codec,
  exact: Uint8Array,
  over: Uint8Array,
  nbytes: number,
): Promise<BoundEdge> {
  const bytes = (v: unknown) => {
    const view = v as ArrayBufferView;
    return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  };
  const out = new Uint8Array(nbytes).fill(7);
  const intoOut = await decoding(codec, exact, out);
  const decoded = [
    bytes(intoOut),
    bytes(await decoding(codec, exact, undefined, byteChunk(nbytes))),
  ];
  const overflows: string[] = [];
  const previous = setDecodeLimit(nbytes);
  try {
    decoded.push(bytes(await decoding(codec, exact)));
    overflows.push((await rejection(decoding(codec, over, new Uint8Array(nbytes)))).message);
    overflows.push((await rejection(decoding(codec, over, undefined, byteChunk(nbytes)))).message);
    overflows.push((await rejection(decoding(codec, over))).message);
  } finally {
    setDecodeLimit(previous);
  }
  return { decoded, returnedOut: intoOut === out, overflows };
}
