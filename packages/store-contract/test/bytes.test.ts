import { describe, expect, it } from "vitest";
import { firstDifference, patternBytes } from "../src/index.js";

describe("byte helpers", () => {
  it("firstDifference gives the first differing index, the shorter length, or -1", () => {
    expect(firstDifference(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toBe(-1);
    expect(firstDifference(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 9, 3))).toBe(1);
    expect(firstDifference(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(2);
    expect(firstDifference(new Uint8Array(0), new Uint8Array(0))).toBe(-1);
  });

  it("patternBytes is deterministic per seed, differs between seeds, and fills odd lengths", () => {
    expect(patternBytes(4099, 5)).toEqual(patternBytes(4099, 5));
    expect(firstDifference(patternBytes(64, 5), patternBytes(64, 6))).toBeLessThan(4);
    // xorshift32 from seed 1: first word 270369 = 0x00042021, little-endian
    expect([...patternBytes(5, 1)]).toEqual([0x21, 0x20, 0x04, 0x00, (4 * 31 + 7) & 0xff]);
    // no run of 4 bytes repeats at a 1 KiB shift, so a misplaced range is caught
    const p = patternBytes(8192, 3);
    expect(firstDifference(p.subarray(0, 4096), p.subarray(1024, 5120))).toBeLessThan(4);
  });
});
