import { type ByteRange, rangeBounds } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { cutFromCached, isWholeValue } from "../src/range-cover.js";

/** Every range form at offsets and lengths around values of 0 to 9 bytes. */
const RANGES: ByteRange[] = [];
for (let o = 0; o <= 11; o++) {
  RANGES.push({ offset: o });
  for (let l = 0; l <= 11; l++) RANGES.push({ offset: o, length: l });
}
for (let s = 0; s <= 11; s++) RANGES.push({ suffixLength: s });

/** What a store returns for `range` of `value`: core's rangeBounds, the store contract's rule. */
const read = (value: Uint8Array, range: ByteRange) =>
  value.subarray(...rangeBounds(range, value.byteLength, "k"));

describe("cutFromCached", () => {
  it("never answers wrongly: each cut equals what the store gives for the wanted range", () => {
    let answered = 0;
    for (let size = 0; size <= 9; size++) {
      const value = Uint8Array.from({ length: size }, (_, i) => 100 + i);
      for (const cached of RANGES) {
        const held = read(value, cached);
        for (const wanted of RANGES) {
          const cut = cutFromCached(cached, held, wanted);
          if (cut === undefined) continue;
          answered++;
          expect(
            Array.from(cut),
            `size ${size}, held ${JSON.stringify(cached)}, wanted ${JSON.stringify(wanted)}`,
          ).toEqual(Array.from(read(value, wanted)));
        }
      }
    }
    // it does answer: at least every wanted range equal to the held one (exact repeats) where
    // the held bytes are not empty, and many more
    expect(answered).toBeGreaterThan(10 * RANGES.length);
  });

  it("answers a range inside a held range, and refuses one reaching outside", () => {
    const held = Uint8Array.from({ length: 100 }, (_, i) => i);
    const cached = { offset: 1000, length: 100 }; // bytes 1000..1099 of a larger value
    expect(Array.from(cutFromCached(cached, held, { offset: 1010, length: 3 })!)).toEqual([
      10, 11, 12,
    ]);
    expect(cutFromCached(cached, held, { offset: 990, length: 20 })).toBeUndefined();
    expect(cutFromCached(cached, held, { offset: 1090, length: 20 })).toBeUndefined();
    // the value's size is unknown: "to the end" and suffixes cannot be cut
    expect(cutFromCached(cached, held, { offset: 1050 })).toBeUndefined();
    expect(cutFromCached(cached, held, { suffixLength: 5 })).toBeUndefined();
  });

  it("uses a read that reached the end of the value for ranges to the end and suffixes", () => {
    const held = Uint8Array.of(7, 8, 9); // asked 10 from 500, got 3: the value is 503 bytes
    const cached = { offset: 500, length: 10 };
    expect(Array.from(cutFromCached(cached, held, { suffixLength: 2 })!)).toEqual([8, 9]);
    expect(Array.from(cutFromCached(cached, held, { offset: 501 })!)).toEqual([8, 9]);
    expect(Array.from(cutFromCached(cached, held, { offset: 600, length: 5 })!)).toEqual([]);
    expect(cutFromCached(cached, held, { suffixLength: 4 })).toBeUndefined();
  });

  it("cuts a shorter suffix from a held suffix", () => {
    const held = Uint8Array.of(1, 2, 3, 4);
    expect(Array.from(cutFromCached({ suffixLength: 4 }, held, { suffixLength: 2 })!)).toEqual([
      3, 4,
    ]);
    expect(cutFromCached({ suffixLength: 4 }, held, { suffixLength: 5 })).toBeUndefined();
    expect(cutFromCached({ suffixLength: 4 }, held, { offset: 0, length: 1 })).toBeUndefined();
  });
});

describe("isWholeValue", () => {
  it("is true for a read from 0 that stopped short, or a suffix longer than what came", () => {
    const three = Uint8Array.of(1, 2, 3);
    expect(isWholeValue({ offset: 0 }, three)).toBe(true);
    expect(isWholeValue({ offset: 0, length: 4 }, three)).toBe(true);
    expect(isWholeValue({ suffixLength: 4 }, three)).toBe(true);
    expect(isWholeValue({ offset: 0 }, new Uint8Array(0))).toBe(true);
    expect(isWholeValue({ offset: 0, length: 3 }, three), "maybe more after").toBe(false);
    expect(isWholeValue({ suffixLength: 3 }, three), "maybe more before").toBe(false);
    expect(isWholeValue({ offset: 1 }, three), "not from 0").toBe(false);
  });
});
