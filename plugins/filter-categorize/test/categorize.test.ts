import { readFileSync } from "node:fs";
import { type ChunkInfo, chunkToBytes, getCodec, parseDataType } from "@zarrkit/core";
import { fixturePath, fixturesWith } from "@zarrkit/test-utils";
import {
  type RefCase,
  type Reference,
  reference,
  rng,
  reprMismatches,
} from "@zarrkit/codec-test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { Categorize } from "../src/index.js";

const LABELS = ["foo", "bar", "baz", "qüx"];
const POOL = ["foo", "bar", "baz", "qüx", "", "other", "fo", "foo2", "🙂", "bar"];

function strings(n: number, seed: number, pool = POOL): string[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => pool[Math.floor(r() * pool.length)]!);
}

const fixed = (dtype: string, items: string[]) =>
  chunkToBytes(parseDataType(dtype), items, items.length).slice();

interface Named extends RefCase {
  name: string;
}

const manyLabels = Array.from({ length: 300 }, (_, i) => `label-${i}`);
const CASES: Named[] = [
  ...["<U4", "<U8", ">U4", "<U1"].flatMap((dtype, i) =>
    ["|u1", "<u2", "<i4", ">i8"].map((astype, j) => ({
      name: `${dtype} as ${astype}`,
      config: { id: "categorize", labels: LABELS, dtype, astype },
      dtype,
      data: fixed(dtype, strings(97, 10 * i + j)),
    })),
  ),
  ...["|u1", "<i2"].map((astype, j) => ({
    name: `|O as ${astype}`,
    config: { id: "categorize", labels: LABELS, dtype: "|O", astype },
    dtype: "|O",
    items: strings(97, 50 + j),
  })),
  {
    name: "|O with non-string items",
    config: { id: "categorize", labels: ["a", "1"], dtype: "|O" },
    dtype: "|O",
    items: ["a", 1, null, "1", 2.5, "b", true],
  },
  {
    name: "repeated labels keep the last code",
    config: { id: "categorize", labels: ["x", "y", "x"], dtype: "<U2" },
    dtype: "<U2",
    data: fixed("<U2", ["x", "y", "z", "x"]),
  },
  {
    name: "300 labels in uint16",
    config: { id: "categorize", labels: manyLabels, dtype: "<U9", astype: "<u2" },
    dtype: "<U9",
    data: fixed("<U9", strings(500, 60, [...manyLabels, "nope"])),
  },
  {
    name: "labels longer than the string width",
    config: { id: "categorize", labels: ["abcdef", "ab"], dtype: "<U3" },
    dtype: "<U3",
    data: fixed("<U3", ["abc", "ab", "a", "abc"]),
  },
];

const REPRS = [
  { id: "categorize", labels: LABELS, dtype: "U4" },
  { id: "categorize", labels: ["a", "b"], dtype: "object", astype: "u2" },
  {
    id: "categorize",
    labels: ["it's", 'say "hi"', "tab\there", "back\\slash", "nul\u0000"],
    dtype: "<U9",
  },
  { id: "categorize", labels: [], dtype: ">U2", astype: "<i8" },
  { id: "categorize", labels: ["é", "\u2028", "🙂"], dtype: "<U1" },
];

let ref: Reference;

beforeAll(() => {
  for (const c of CASES)
    c.ours = Categorize.fromConfig(c.config as never).encode((c.data ?? c.items)!);
  ref = reference(REPRS, CASES);
});

describe("Categorize against numcodecs 0.11", () => {
  it("prints and configures as numcodecs does", () => {
    expect(reprMismatches(REPRS, ref.reprs, (cfg) => Categorize.fromConfig(cfg as never))).toEqual(
      [],
    );
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("%s: same bytes both ways", (_n, i) => {
    const c = CASES[i]!;
    const r = ref.results[i]!;
    const codec = Categorize.fromConfig(c.config as never);
    expect(c.ours).toEqual(r.theirs);
    if (c.dtype === "|O") {
      expect(codec.decode(r.theirs)).toEqual(r.theirsItems);
      expect(r.oursItems).toEqual(r.theirsItems);
    } else {
      expect(codec.decode(r.theirs)).toEqual(r.theirsDecoded);
      expect(r.oursDecoded).toEqual(r.theirsDecoded);
    }
  });

  it("round-trips strings that are labels", () => {
    for (const dtype of ["<U4", ">U4", "|O"]) {
      const codec = new Categorize({ labels: LABELS, dtype });
      const items = strings(50, 3, LABELS);
      const input = dtype === "|O" ? items : fixed(dtype, items);
      expect(codec.decode(codec.encode(input)), dtype).toEqual(input);
    }
  });
});

describe("Categorize fixture and pipeline", () => {
  it("decodes filter_categorize (<U4 as uint8, with unknown strings)", () => {
    const [entry] = fixturesWith("filter:categorize");
    const codec = Categorize.fromConfig(entry!.filters![0]!);
    const [rows, cols] = entry!.shape as [number, number];
    const [cr, cc] = entry!.chunks as [number, number];
    let n = 0;
    for (let bi = 0; bi * cr < rows; bi++) {
      for (let bj = 0; bj * cc < cols; bj++) {
        const raw = new Uint8Array(readFileSync(fixturePath(entry!, `${bi}.${bj}`)));
        const info: ChunkInfo = {
          dtype: "<U4",
          itemsize: 16,
          shape: [cr, cc],
          nbytes: cr * cc * 16,
        };
        const bytes = codec.decode(raw, undefined, info) as Uint8Array;
        const expected: string[] = [];
        for (let r = 0; r < cr; r++) {
          for (let c = 0; c < cc; c++) {
            const inside = bi * cr + r < rows && bj * cc + c < cols;
            expected.push(
              inside ? (entry!.values[(bi * cr + r) * cols + bj * cc + c] as string) : "",
            );
            if (inside) n++;
          }
        }
        const strs: string[] = [];
        const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        for (let i = 0; i < cr * cc; i++) {
          let s = "";
          for (let k = 0; k < 4; k++) {
            const cp = dv.getUint32((i * 4 + k) * 4, true);
            if (cp) s += String.fromCodePoint(cp);
          }
          strs.push(s);
        }
        // edge chunks hold whatever zarr-python padded them with; compare the inside only
        strs.forEach((s, i) => {
          const r = Math.floor(i / cc);
          const c = i % cc;
          if (bi * cr + r < rows && bj * cc + c < cols) expect(s).toBe(expected[i]);
        });
      }
    }
    expect(n).toBe(37 * 23);
  });

  it("reports integer codes to the next codec", () => {
    const info: ChunkInfo = { dtype: "<U4", itemsize: 16, shape: [10, 7], nbytes: 1120 };
    expect(
      new Categorize({ labels: LABELS, dtype: "<U4", astype: "<u2" }).encodedInfo(info),
    ).toEqual({
      ...info,
      dtype: "<u2",
      itemsize: 2,
      nbytes: 140,
    });
    const obj: ChunkInfo = { dtype: "|O", itemsize: 8, shape: [10, 7] };
    expect(new Categorize({ labels: LABELS, dtype: "|O" }).encodedInfo(obj)).toEqual({
      ...obj,
      dtype: "|u1",
      itemsize: 1,
      nbytes: 70,
    });
  });

  it("is registered under its numcodecs id", async () => {
    expect(
      await getCodec({ id: "categorize", labels: ["a"], dtype: "<U1", astype: "|u1" }),
    ).toBeInstanceOf(Categorize);
  });

  it("names the filter and field in errors", () => {
    expect(() => new Categorize({ labels: ["a", 1] as never, dtype: "<U1" })).toThrow(
      /categorize: "labels" must hold strings, but labels\[1\] is 1/,
    );
    expect(() => new Categorize({ labels: "abc" as never, dtype: "<U1" })).toThrow(
      /categorize: "labels" must be a list/,
    );
    expect(() => new Categorize({ labels: ["a"], dtype: "<i4" })).toThrow(
      /categorize: "dtype" "<i4" is not supported/,
    );
    expect(() => new Categorize({ labels: ["a"], dtype: "<U1", astype: "<f4" })).toThrow(
      /categorize: "astype" "<f4" must be an integer type/,
    );
    expect(() => new Categorize({ labels: manyLabels, dtype: "<U9" })).toThrow(
      /categorize: 300 labels do not fit "astype" \|u1/,
    );
    const codec = new Categorize({ labels: ["a"], dtype: "<U1" });
    expect(() => codec.encode(["a"])).toThrow(/categorize: <U1 data arrives as bytes/);
    expect(() => codec.encode(new Uint8Array(4), { dtype: "|O", itemsize: 8, shape: [1] })).toThrow(
      /categorize: configured for <U1 but the array holds \|O data/,
    );
    expect(() => new Categorize({ labels: ["a"], dtype: "|O" }).encode(new Uint8Array(4))).toThrow(
      /categorize: an object \(\|O\) array arrives as a JS array/,
    );
    expect(() => codec.encode(new Uint8Array(6))).toThrow(/categorize: 6 bytes/);
    expect(() =>
      new Categorize({ labels: ["a"], dtype: "<U1", astype: "<u2" }).decode(new Uint8Array(3)),
    ).toThrow(/categorize: 3 bytes/);
  });
});
