import { boundEdge, boundRefusals } from "@zarrkit/codec-test-utils";
import { getDecodeLimit, setDecodeLimit } from "@zarrkit/core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BZ2 } from "../src/index.js";

const MiB = 1024 * 1024;
const initialLimit = getDecodeLimit();
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
    expect(await boundRefusals(codec, bomb, 1024)).toEqual([expected, expected]);
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
    const edge = await boundEdge(codec, exact, over, 70000);
    expect(edge.decoded).toEqual([data, data, data]);
    expect(edge.overflows).toEqual(
      Array(3).fill(
        "bz2: the stream decodes to more than the 70000 bytes this decode may produce (raise it with setDecodeLimit)",
      ),
    );
  });
});
