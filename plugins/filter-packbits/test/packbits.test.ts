import { readFileSync } from "node:fs";
import { type ChunkInfo, getCodec } from "@zarrkit/core";
import { fixturePath, fixturesWith } from "@zarrkit/test-utils";
import {
  bothWaysMismatches,
  type RefCase,
  type Reference,
  reference,
  reprMismatches,
  rng,
} from "@zarrkit/codec-test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { PackBits } from "../src/index.js";

function bools(n: number, seed: number): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0));
}

interface Named extends RefCase {
  name: string;
}

const LENGTHS = [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 851, 10_000, 65_537];
const CASES: Named[] = [
  ...LENGTHS.map((n) => ({
    name: `${n} booleans`,
    config: { id: "packbits" },
    dtype: "|b1",
    data: bools(n, n),
  })),
  {
    name: "all true, odd length",
    config: { id: "packbits" },
    dtype: "|b1",
    data: new Uint8Array(13).fill(1),
  },
  {
    name: "bytes other than 0 and 1 count as true",
    config: { id: "packbits" },
    dtype: "|u1",
    data: Uint8Array.from([0, 2, 255, 1, 0, 128, 0, 3, 9, 0, 4]),
  },
];

let ref: Reference;

beforeAll(() => {
  const codec = new PackBits();
  for (const c of CASES) c.ours = codec.encode(c.data!);
  ref = reference([{ id: "packbits" }], CASES);
});

describe("PackBits against numcodecs 0.11", () => {
  it("prints and configures as numcodecs does", () => {
    expect(
      reprMismatches([{ id: "packbits" }], ref.reprs, (cfg) => PackBits.fromConfig(cfg as never)),
    ).toEqual([]);
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("%s: same bytes both ways", (_n, i) => {
    expect(bothWaysMismatches(new PackBits(), CASES[i]!.ours, ref.results[i]!)).toEqual([]);
  });

  it("round-trips booleans of every length up to 70", () => {
    const codec = new PackBits();
    for (let n = 0; n <= 70; n++) {
      const b = bools(n, 1000 + n);
      const enc = codec.encode(b);
      expect(enc.length).toBe(1 + Math.ceil(n / 8));
      expect(codec.decode(enc)).toEqual(b);
    }
  });
});

describe("PackBits fixtures and pipeline", () => {
  it("decodes filter_packbits (851 booleans in chunks of 284)", () => {
    const [entry] = fixturesWith("filter:packbits");
    const codec = PackBits.fromConfig(entry!.filters![0]!);
    const values = entry!.values as boolean[];
    let checked = 0;
    for (let k = 0; k * 284 < 851; k++) {
      const got = codec.decode(new Uint8Array(readFileSync(fixturePath(entry!, String(k)))));
      expect(got.length).toBe(284);
      for (let i = 0; i < 284 && k * 284 + i < 851; i++) {
        expect(got[i] === 1).toBe(values[k * 284 + i]);
        checked++;
      }
    }
    expect(checked).toBe(851);
  });

  it("reports its output as bytes, one header byte plus the packed bits", () => {
    const info: ChunkInfo = { dtype: "|b1", itemsize: 1, shape: [284], nbytes: 284 };
    expect(new PackBits().encodedInfo(info)).toEqual({ ...info, dtype: "|u1", nbytes: 37 });
  });

  it("fills the pipeline's buffer when given one", () => {
    const codec = new PackBits();
    const b = bools(100, 5);
    const out = new Uint8Array(100);
    expect(codec.decode(codec.encode(b), out)).toBe(out);
    expect(out).toEqual(b);
  });

  it("is registered under its numcodecs id", async () => {
    expect(await getCodec({ id: "packbits" })).toBeInstanceOf(PackBits);
  });

  it("refuses non-bool arrays, options and corrupt headers", () => {
    const codec = new PackBits();
    const i4: ChunkInfo = { dtype: "<i4", itemsize: 4, shape: [2] };
    expect(() => codec.encode(new Uint8Array(8), i4)).toThrow(/packbits: .*bool arrays only.*<i4/);
    expect(() => codec.decode(new Uint8Array(2), undefined, i4)).toThrow(/packbits/);
    expect(() => new PackBits({ bits: 1 } as never)).toThrow(
      /packbits: unknown configuration key "bits"/,
    );
    expect(() => PackBits.fromConfig({ id: "zlib" })).toThrow(/packbits: .*id is "zlib"/);
    expect(() => codec.decode(new Uint8Array(0))).toThrow(/packbits: empty input/);
    expect(() => codec.decode(Uint8Array.from([8, 255]))).toThrow(/packbits: corrupt header/);
    expect(() => codec.decode(Uint8Array.from([3]))).toThrow(/packbits: corrupt header/);
  });
});
