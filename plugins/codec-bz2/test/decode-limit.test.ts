import { CodecError, getDecodeLimit, setDecodeLimit } from "@zarrkit/core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BZ2 } from "../src/index.js";

const MiB = 1024 * 1024;
const initialLimit = getDecodeLimit();
const chunkInfo = (nbytes: number) => ({ dtype: "|u1", itemsize: 1, shape: [nbytes], nbytes });
const codec = new BZ2();
/** 64 MiB of zeros: bzip2's run-length step makes it a few hundred bytes. */
let bomb: Uint8Array;

beforeAll(async () => {
  bomb = await codec.encode(new Uint8Array(64 * MiB));
}, 60_000);

afterEach(() => {
  setDecodeLimit(initialLimit);
});

describe("bz2 decodes no further than the decode's bound", () => {
  it("a 64 MiB bomb in a 1 KiB chunk fails, with an output buffer or the expected size", async () => {
    expect(bomb.length).toBeLessThan(4096);
    const expected = "bz2: the stream decodes to more than the 1024 bytes this decode may produce";
    const withOut = await codec.decode(bomb, new Uint8Array(1024)).catch((e) => e);
    expect(withOut).toBeInstanceOf(CodecError);
    expect((withOut as Error).message).toBe(expected);
    const withInfo = await codec.decode(bomb, undefined, chunkInfo(1024)).catch((e) => e);
    expect(withInfo).toBeInstanceOf(CodecError);
    expect((withInfo as Error).message).toBe(expected);
  });

  it("a bare decode grows its guess only up to the process-wide limit", async () => {
    setDecodeLimit(MiB);
    await expect(codec.decode(bomb)).rejects.toThrow(
      "bz2: the stream decodes to more than the 1048576 bytes this decode may produce (raise it with setDecodeLimit)",
    );
    setDecodeLimit(64 * MiB);
    const decoded = await codec.decode(bomb);
    expect(decoded.length).toBe(64 * MiB);
    expect(decoded.indexOf(1)).toBe(-1);
  });

  it("data of exactly the bound decode; one byte more fails", async () => {
    const data = new Uint8Array(70000).map((_, i) => (i * 7) % 251);
    const exact = await codec.encode(data);
    const over = await codec.encode(new Uint8Array(70001));
    expect(await codec.decode(exact, new Uint8Array(70000))).toEqual(data);
    expect(await codec.decode(exact, undefined, chunkInfo(70000))).toEqual(data);
    setDecodeLimit(70000);
    expect(await codec.decode(exact)).toEqual(data);
    await expect(codec.decode(over)).rejects.toThrow(
      "bz2: the stream decodes to more than the 70000 bytes this decode may produce",
    );
    await expect(codec.decode(over, undefined, chunkInfo(70000))).rejects.toThrow(CodecError);
    await expect(codec.decode(over, new Uint8Array(70000))).rejects.toThrow(CodecError);
  });
});
