import { CodecError, getDecodeLimit, setDecodeLimit } from "@zarrkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { LZ4 } from "../src/index.js";
import { zeroChunk } from "./bombs.js";

const MiB = 1024 * 1024;
const codec = new LZ4();
const initialLimit = getDecodeLimit();

afterEach(() => {
  setDecodeLimit(initialLimit);
});

describe("an LZ4 size header is believed only up to the decode's bound", () => {
  it("an 8 MiB chunk decodes bare when the limit is exactly its size", async () => {
    setDecodeLimit(8 * MiB);
    const decoded = await codec.decode(zeroChunk(8 * MiB));
    expect(decoded.length).toBe(8 * MiB);
    expect(decoded.every((b) => b === 0)).toBe(true);
  });

  it("a bare decode refuses a header past the process-wide limit, before allocating", async () => {
    setDecodeLimit(MiB);
    const before = process.memoryUsage().arrayBuffers;
    const error = await codec.decode(zeroChunk(64 * MiB)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodecError);
    expect((error as Error).message).toBe(
      "lz4: size header is 67108864 bytes, more than the 1048576 bytes this decode may produce (raise it with setDecodeLimit)",
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * MiB);
  });

  it("the default limit (256 MiB) refuses a 300 MiB claim of a valid 1.2 MB chunk", async () => {
    await expect(codec.decode(zeroChunk(300 * MiB))).rejects.toThrow(
      "lz4: size header is 314572800 bytes, more than the 268435456 bytes this decode may produce",
    );
  });

  it("the expected size (info.nbytes) bounds a decode without an output buffer", async () => {
    const info = { dtype: "|u1", itemsize: 1, shape: [1024], nbytes: 1024 };
    const error = await codec.decode(zeroChunk(64 * MiB), undefined, info).catch((e) => e);
    expect(error).toBeInstanceOf(CodecError);
    expect((error as Error).message).toBe(
      "lz4: size header is 67108864 bytes, more than the 1024 bytes this decode may produce",
    );
    const ok = await codec.decode(zeroChunk(1000), undefined, info);
    expect(ok.length).toBe(1000);
  });

  it("a claim LZ4 cannot expand to from the block's length is corrupt data", async () => {
    const lie = zeroChunk(1000);
    new DataView(lie.buffer).setUint32(0, 10 * MiB, true);
    await expect(codec.decode(lie)).rejects.toThrow(
      /^lz4: corrupt data: a size header of 10485760 bytes for 14 bytes of LZ4 block \(LZ4 expands at most 255:1/,
    );
  });
});
