import { type ChunkInfo, getCodec } from "@zarrkit/core";
import { fixturePath, fixturesWith } from "@zarrkit/test-utils";
import { type RefCase, type Reference, reference, rng } from "@zarrkit/codec-test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { VLenBytes, VLenUTF8 } from "../src/index.js";

const r = rng(42);
const words = [
  "",
  "a",
  "héllo",
  "日本語",
  "🙂 emoji",
  "tab\tand\nnewline",
  "nul\u0000inside",
  "x".repeat(300),
];
const manyStrings = Array.from({ length: 5000 }, (_, i) => `${words[i % words.length]}-${i}`);
const randomBytes = Array.from({ length: 200 }, (_, i) =>
  Uint8Array.from({ length: i % 37 }, () => Math.floor(r() * 256)),
);

interface Named extends RefCase {
  name: string;
}

const CASES: Named[] = [
  { name: "utf8: words", config: { id: "vlen-utf8" }, dtype: "|O", items: words },
  { name: "utf8: empty chunk", config: { id: "vlen-utf8" }, dtype: "|O", items: [] },
  {
    name: "utf8: missing values",
    config: { id: "vlen-utf8" },
    dtype: "|O",
    items: [null, 0, "a", ""],
  },
  { name: "utf8: 5000 strings", config: { id: "vlen-utf8" }, dtype: "|O", items: manyStrings },
  { name: "bytes: random", config: { id: "vlen-bytes" }, dtype: "|O", items: randomBytes },
  {
    name: "bytes: missing values",
    config: { id: "vlen-bytes" },
    dtype: "|O",
    items: [null, Uint8Array.from([1, 2]), 0, new Uint8Array(0)],
  },
];

const object = fixturesWith("dtype:object", "filter:vlen-utf8");
const chunkKeys = [
  "0.0",
  "0.1",
  "0.2",
  "0.3",
  "1.0",
  "1.1",
  "1.2",
  "1.3",
  "2.0",
  "2.1",
  "2.2",
  "2.3",
  "3.0",
  "3.1",
  "3.2",
  "3.3",
];

let ref: Reference;

const codecFor = (id: unknown) => (id === "vlen-utf8" ? new VLenUTF8() : new VLenBytes());

beforeAll(() => {
  for (const c of CASES) c.ours = codecFor(c.config.id).encode(c.items!);
  const entry = object[0]!;
  ref = reference(
    [{ id: "vlen-utf8" }, { id: "vlen-bytes" }],
    CASES,
    chunkKeys.map((key) => ({ config: entry.compressor!, path: fixturePath(entry, key) })),
  );
});

const missingAsEmpty = (items: unknown[], empty: unknown) =>
  items.map((v) => (v === null || v === 0 ? empty : v));

describe("VLenUTF8 and VLenBytes against numcodecs 0.11", () => {
  it("print and configure as numcodecs does", () => {
    expect(VLenUTF8.fromConfig({ id: "vlen-utf8" }).toString()).toBe(ref.reprs[0]!.repr);
    expect(new VLenUTF8().toConfig()).toEqual(ref.reprs[0]!.config);
    expect(VLenBytes.fromConfig({ id: "vlen-bytes" }).toString()).toBe(ref.reprs[1]!.repr);
    expect(new VLenBytes().toConfig()).toEqual(ref.reprs[1]!.config);
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("%s: same bytes both ways", (_n, i) => {
    const c = CASES[i]!;
    const res = ref.results[i]!;
    const codec = codecFor(c.config.id);
    expect(c.ours).toEqual(res.theirs);
    expect(codec.decode(res.theirs)).toEqual(res.theirsItems);
    expect(res.oursItems).toEqual(res.theirsItems);
    const empty = c.config.id === "vlen-utf8" ? "" : new Uint8Array(0);
    expect(codec.decode(c.ours!)).toEqual(missingAsEmpty(c.items!, empty));
  });

  it("decodes object_vlen_utf8 (Blosc undone by numcodecs) to the manifest values", () => {
    const entry = object[0]!;
    expect(entry.shape).toEqual([37, 23]);
    const [cr, cc] = entry.chunks as [number, number];
    const codec = VLenUTF8.fromConfig(entry.filters![0]!);
    let n = 0;
    chunkKeys.forEach((key, k) => {
      const [bi, bj] = key.split(".").map(Number) as [number, number];
      const info: ChunkInfo = { dtype: "|O", itemsize: 8, shape: [cr, cc] };
      const got = codec.decode(ref.decompressed[k]!, undefined, info);
      expect(got.length).toBe(cr * cc);
      for (let row = 0; row < cr && bi * cr + row < 37; row++) {
        for (let col = 0; col < cc && bj * cc + col < 23; col++) {
          expect(got[row * cc + col]).toBe(entry.values[(bi * cr + row) * 23 + bj * cc + col]);
          n++;
        }
      }
    });
    expect(n).toBe(37 * 23);
  });
});

describe("vlen framing errors", () => {
  const utf8 = new VLenUTF8();
  const frame = (...bytes: number[]) => Uint8Array.from(bytes);

  it("reports truncated and corrupt chunks", () => {
    expect(() => utf8.decode(frame())).toThrow(
      /vlen-utf8: corrupt buffer, missing or truncated header/,
    );
    expect(() => utf8.decode(frame(1, 0, 0))).toThrow(/missing or truncated header/);
    expect(() => utf8.decode(frame(1, 0, 0, 0))).toThrow(
      /vlen-utf8: corrupt buffer, data seem truncated/,
    );
    expect(() => utf8.decode(frame(1, 0, 0, 0, 5, 0, 0, 0, 97, 98))).toThrow(/data seem truncated/);
    expect(() => utf8.decode(frame(255, 255, 255, 255))).toThrow(/data seem truncated/);
    expect(() => utf8.decode(frame(1, 0, 0, 0, 1, 0, 0, 0, 0xff))).toThrow(
      /vlen-utf8: item 0 is not valid UTF-8/,
    );
    expect(() => new VLenBytes().decode(frame(2, 0, 0, 0, 0, 0, 0, 0))).toThrow(
      /vlen-bytes: corrupt buffer/,
    );
  });

  it("checks the item count against the chunk shape", () => {
    const info: ChunkInfo = { dtype: "|O", itemsize: 8, shape: [2, 2] };
    const four = utf8.encode(["a", "b", "c", "d"]);
    expect(utf8.decode(four, undefined, info)).toEqual(["a", "b", "c", "d"]);
    expect(() => utf8.decode(utf8.encode(["a"]), undefined, info)).toThrow(
      /holds 1 items but the chunk has 4/,
    );
  });

  it("ignores bytes after the last item, as numcodecs does", () => {
    expect(utf8.decode(frame(1, 0, 0, 0, 1, 0, 0, 0, 97, 98, 99))).toEqual(["a"]);
  });

  it("refuses items it cannot encode", () => {
    expect(() => utf8.encode(["a", 1])).toThrow(/vlen-utf8: expected a string at item 1, found 1/);
    expect(() => utf8.encode(["\ud800"])).toThrow(/vlen-utf8: item 0 holds a lone surrogate/);
    expect(() => new VLenBytes().encode(["x"])).toThrow(
      /vlen-bytes: expected bytes at item 0, found "x"/,
    );
    expect(() => utf8.encode(new Uint8Array(3))).toThrow(/vlen-utf8: expects a JS array/);
    expect(() => utf8.encode(["a"], { dtype: "<U1", itemsize: 4, shape: [1] })).toThrow(
      /vlen-utf8: an object codec for dtype "\|O" arrays, got <U1/,
    );
    expect(() => new VLenUTF8({ x: 1 } as never)).toThrow(
      /vlen-utf8: unknown configuration key "x"/,
    );
    expect(() => VLenBytes.fromConfig({ id: "vlen-utf8" })).toThrow(
      /vlen-bytes: .*id is "vlen-utf8"/,
    );
  });
});

describe("registration and pipeline info", () => {
  it("registers both ids", async () => {
    expect(await getCodec({ id: "vlen-utf8" })).toBeInstanceOf(VLenUTF8);
    expect(await getCodec({ id: "vlen-bytes" })).toBeInstanceOf(VLenBytes);
  });

  it("hands bytes (typesize 1) to the compressor", () => {
    const info: ChunkInfo = { dtype: "|O", itemsize: 8, shape: [10, 7] };
    expect(new VLenUTF8().encodedInfo(info)).toEqual({
      ...info,
      dtype: "|u1",
      itemsize: 1,
      nbytes: undefined,
    });
  });
});
