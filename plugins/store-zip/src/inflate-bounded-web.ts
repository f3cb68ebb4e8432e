/**
 * Bounded raw-DEFLATE inflation without Node modules, for the archive reader that runs in
 * browsers: the platform's DecompressionStream("deflate-raw") where it exists (Chromium 103+,
 * Firefox 113+, Safari 16.4+, Node 20.12+ / 21.2+), pako otherwise. Like inflate-bounded.ts,
 * it never produces much more than the declared size, whatever the stream would expand to.
 */
import { DEFLATE_MAX_RATIO, InflateOverflow } from "./inflate-limits.js";

export type InflateEngine = "stream" | "pako";

let streamSupport: boolean | undefined;

/** Whether this platform's DecompressionStream knows "deflate-raw" (checked once). */
export function hasDeflateRawStream(): boolean {
  if (streamSupport === undefined) {
    try {
      new DecompressionStream("deflate-raw");
      streamSupport = true;
    } catch {
      // no DecompressionStream at all (ReferenceError), or no raw format (TypeError)
      streamSupport = false;
    }
  }
  return streamSupport;
}

/**
 * Inflate `raw` (a raw DEFLATE stream) expected to produce `expected` bytes; an
 * InflateOverflow as soon as the output would pass it. `engine` forces one (tests).
 */
export async function inflateRawBounded(
  raw: Uint8Array,
  expected: number,
  engine: InflateEngine = hasDeflateRawStream() ? "stream" : "pako",
): Promise<Uint8Array> {
  return engine === "stream" ? inflateWithStream(raw, expected) : inflateWithPako(raw, expected);
}

/**
 * Input slice fed per write. A DecompressionStream may inflate a whole written chunk before
 * its reader sees any of it (Chromium does), so the excess before an overflow shows is up to
 * DEFLATE_MAX_RATIO times the slice: about the declared size, and at most 16 MiB.
 */
function sliceFor(expected: number): number {
  return Math.min(16 * 1024, Math.max(1024, Math.ceil((expected + 1) / DEFLATE_MAX_RATIO)));
}

async function inflateWithStream(raw: Uint8Array, expected: number): Promise<Uint8Array> {
  const stream = new DecompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const slice = sliceFor(expected);
  // streams take views of ArrayBuffers only, not of SharedArrayBuffers
  const input = (raw.buffer instanceof ArrayBuffer ? raw : raw.slice()) as Uint8Array<ArrayBuffer>;
  const feeding = (async () => {
    for (let at = 0; at < input.length; at += slice)
      await writer.write(input.subarray(at, Math.min(input.length, at + slice)));
    await writer.close();
  })();
  // a failed write (corrupt data, or the reader cancelled) also fails the reader, which reports it
  feeding.catch(() => {});
  const out = new Uint8Array(expected);
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.length > expected - total) throw new InflateOverflow(expected);
      out.set(value, total);
      total += value.length;
    }
  } catch (e) {
    await reader.cancel().catch(() => {});
    throw e;
  }
  await feeding;
  return total === expected ? out : out.subarray(0, total);
}

async function inflateWithPako(raw: Uint8Array, expected: number): Promise<Uint8Array> {
  const { Inflate } = await import("pako");
  // pako hands over output in chunks of chunkSize; stopping at the first chunk past the bound
  // keeps a bomb to one chunk beyond the declared size
  const inflator = new Inflate({
    raw: true,
    chunkSize: Math.min(Math.max(expected + 1, 64), 65536),
  });
  const out = new Uint8Array(expected);
  let total = 0;
  inflator.onData = (chunk: Uint8Array) => {
    if (chunk.length > expected - total) throw new InflateOverflow(expected);
    out.set(chunk, total);
    total += chunk.length;
  };
  inflator.onEnd = () => {};
  inflator.push(raw, true);
  if (inflator.err) throw new Error(inflator.msg || `inflate error ${inflator.err}`);
  return total === expected ? out : out.subarray(0, total);
}
