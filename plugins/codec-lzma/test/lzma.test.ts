import { CodecError, getCodec } from "@zarrkit/core";
import { fixtureManifest, toManifestValue } from "@zarrkit/test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { LZMA, type LZMAOptions, lzmaBackend } from "../src/index.js";
import {
  allDtypePayloads,
  bigPayload,
  type FixtureChunk,
  fewPayloads,
  fixtureChunks,
  type CompressorResult,
  compressorReference,
  type Payload,
  sameBytes,
  openFixtureArray,
  smoothInt32Field,
} from "@zarrkit/codec-test-utils";
import { PYTHON_LZMA_DECODE } from "./python-lzma.js";

const { FILTER_DELTA: DELTA, FILTER_LZMA1: LZMA1, FILTER_LZMA2: LZMA2, FILTER_X86: X86 } = LZMA;
const EXTREME = LZMA.PRESET_EXTREME;
const custom = {
  dict_size: 1 << 16,
  lc: 2,
  lp: 1,
  pb: 1,
  mode: 2,
  nice_len: 40,
  mf: 19,
  depth: 10,
};

/**
 * Every kind of configuration numcodecs (Python's lzma) can compress with. `payloads: "all"`
 * runs every numeric dtype at 0, 1 and 1001 elements; the others run a handful of payloads.
 */
const CASES: { options: LZMAOptions; payloads: "all" | "few" }[] = [
  { options: {}, payloads: "all" },
  {
    options: {
      filters: [
        { id: DELTA, dist: 4 },
        { id: LZMA2, preset: 1 },
      ],
    },
    payloads: "all",
  },
  { options: { preset: 1, check: LZMA.CHECK_NONE }, payloads: "few" },
  { options: { preset: 1, check: LZMA.CHECK_CRC32 }, payloads: "few" },
  { options: { preset: 1, check: LZMA.CHECK_CRC64 }, payloads: "few" },
  { options: { preset: 1, check: LZMA.CHECK_SHA256 }, payloads: "few" },
  { options: { preset: 0 }, payloads: "few" },
  { options: { preset: 3 | 0 }, payloads: "few" },
  { options: { preset: 9 + EXTREME }, payloads: "few" },
  { options: { preset: 5 + EXTREME }, payloads: "few" },
  {
    options: { check: LZMA.CHECK_SHA256, filters: [{ id: DELTA, dist: 2 }, { id: LZMA2 }] },
    payloads: "few",
  },
  { options: { filters: [{ id: LZMA2, ...custom }] }, payloads: "few" },
  { options: { filters: [{ id: LZMA2, preset: 4 + EXTREME, nice_len: 100 }] }, payloads: "few" },
  {
    options: {
      check: LZMA.CHECK_CRC32,
      filters: [{ id: X86 }, { id: DELTA, dist: 8 }, { id: DELTA }, { id: LZMA2, preset: 2 }],
    },
    payloads: "few",
  },
  { options: { format: LZMA.FORMAT_ALONE }, payloads: "few" },
  { options: { format: LZMA.FORMAT_ALONE, check: 0, preset: 2 }, payloads: "few" },
  { options: { format: LZMA.FORMAT_ALONE, filters: [{ id: LZMA1, preset: 1 }] }, payloads: "few" },
  {
    options: { format: LZMA.FORMAT_ALONE, filters: [{ id: LZMA1, ...custom, lc: 3 }] },
    payloads: "few",
  },
  { options: { format: LZMA.FORMAT_RAW, filters: [{ id: LZMA2, preset: 1 }] }, payloads: "few" },
  { options: { format: LZMA.FORMAT_RAW, check: 0, filters: [{ id: LZMA1 }] }, payloads: "few" },
  {
    options: {
      format: LZMA.FORMAT_RAW,
      filters: [
        { id: DELTA, dist: 4 },
        { id: LZMA2, ...custom },
      ],
    },
    payloads: "few",
  },
  {
    options: {
      format: LZMA.FORMAT_RAW,
      filters: [{ id: LZMA.FILTER_ARM }, { id: LZMA1, preset: 0 }],
    },
    payloads: "few",
  },
];

const all = allDtypePayloads();
const few = fewPayloads();
const payloadsOf = (c: (typeof CASES)[number]) => (c.payloads === "all" ? all : few);
/** 4 MiB chunks, kept to fast settings: LZMA at preset 6 runs at a few MB/s. */
const BIG: { options: LZMAOptions; payload: Payload }[] = [
  { options: { preset: 1 }, payload: bigPayload("<i4") },
  { options: { preset: 0 }, payload: bigPayload("<f8") },
  {
    options: {
      filters: [
        { id: DELTA, dist: 4 },
        { id: LZMA2, preset: 1 },
      ],
    },
    payload: bigPayload("<i4"),
  },
];
const configOf = (o: LZMAOptions) => ({ id: "lzma", ...o });

let ours: Uint8Array[][];
let oursBig: Uint8Array[];
let results: CompressorResult[];
let bigResults: CompressorResult[];
let fixtures: FixtureChunk[];
let fixtureResults: CompressorResult[];

beforeAll(async () => {
  ours = await Promise.all(
    CASES.map((c) => {
      const codec = new LZMA(c.options);
      return Promise.all(payloadsOf(c).map((p) => codec.encode(p.data)));
    }),
  );
  oursBig = await Promise.all(BIG.map((b) => new LZMA(b.options).encode(b.payload.data)));
  fixtures = fixtureChunks("lzma");
  const stores = [...new Set(fixtures.map((f) => f.entry.store))];
  const all = compressorReference(
    [
      ...CASES.map((c, i) => ({
        config: configOf(c.options),
        encode: payloadsOf(c).map((p) => p.data),
        decode: ours[i]!,
      })),
      ...BIG.map((b, i) => ({
        config: configOf(b.options),
        encode: [b.payload.data],
        decode: [oursBig[i]!],
      })),
      ...stores.map((s) => {
        const chunks = fixtures.filter((f) => f.entry.store === s);
        return { config: chunks[0]!.entry.compressor!, decode: chunks.map((f) => f.bytes) };
      }),
    ],
    { alsoDecode: PYTHON_LZMA_DECODE },
  );
  results = all.slice(0, CASES.length);
  bigResults = all.slice(CASES.length, CASES.length + BIG.length);
  fixtureResults = all.slice(CASES.length + BIG.length);
});

it("runs on lzma-native in Node", async () => {
  expect(await lzmaBackend()).toBe("lzma-native");
});

describe("configuration", () => {
  it("serializes and prints exactly as numcodecs' get_config and repr", () => {
    CASES.forEach((c, i) => {
      const codec = new LZMA(c.options);
      expect(codec.toConfig(), String(codec)).toEqual(results[i]!.config);
      expect(String(codec)).toBe(results[i]!.repr);
      expect(LZMA.fromConfig(codec.toConfig()).toConfig()).toEqual(codec.toConfig());
    });
    expect(new LZMA().toConfig()).toEqual({
      id: "lzma",
      format: 1,
      check: -1,
      preset: null,
      filters: null,
    });
    expect(String(new LZMA())).toBe("LZMA(format=1, check=-1, preset=None, filters=None)");
  });

  it("has Python's lzma constants", () => {
    expect([LZMA.FORMAT_AUTO, LZMA.FORMAT_XZ, LZMA.FORMAT_ALONE, LZMA.FORMAT_RAW]).toEqual([
      0, 1, 2, 3,
    ]);
    expect([LZMA.CHECK_NONE, LZMA.CHECK_CRC32, LZMA.CHECK_CRC64, LZMA.CHECK_SHA256]).toEqual([
      0, 1, 4, 10,
    ]);
    expect([LZMA.FILTER_DELTA, LZMA.FILTER_LZMA2, LZMA.FILTER_X86]).toEqual([3, 33, 4]);
    expect(LZMA.FILTER_LZMA1).toBe(4611686018427387905n);
    expect([LZMA.PRESET_DEFAULT, LZMA.PRESET_EXTREME]).toEqual([6, 2147483648]);
  });

  it("accepts FILTER_LZMA1 as JSON.parse reads it and writes it back exactly", () => {
    const parsed = JSON.parse(
      '{"id":"lzma","format":2,"check":-1,"preset":null,"filters":[{"id":4611686018427387905,"preset":1}]}',
    );
    const codec = LZMA.fromConfig(parsed);
    expect((codec.toConfig().filters as { id: unknown }[])[0]!.id).toBe(LZMA1);
    expect(String(codec)).toBe(
      "LZMA(format=2, check=-1, preset=None, filters=[{'id': 4611686018427387905, 'preset': 1}])",
    );
  });

  it("takes filter ids given as bigints", async () => {
    const codec = new LZMA({
      filters: [
        { id: 3n, dist: 4 },
        { id: 33n, preset: 1 },
      ],
    });
    const data = allDtypePayloads()[20]!.data;
    const ref = new LZMA({
      filters: [
        { id: DELTA, dist: 4 },
        { id: LZMA2, preset: 1 },
      ],
    });
    expect(await codec.encode(data)).toEqual(await ref.encode(data));
  });

  it("rejects bad configurations naming the codec id and field", () => {
    const bad = (o: unknown, msg: string) =>
      expect(() => new LZMA(o as LZMAOptions), msg).toThrow(msg);
    bad({ format: 4 }, 'lzma: "format" must be');
    bad({ check: 2 }, 'lzma: "check" must be');
    bad({ preset: 10 }, 'lzma: "preset" must be an integer from 0 to 9');
    bad({ preset: 1.5 }, 'lzma: "preset"');
    bad({ preset: -1 }, 'lzma: "preset"');
    bad({ format: 3 }, 'lzma: FORMAT_RAW needs "filters"');
    bad({ filters: [] }, 'lzma: "filters" must hold 1 to 4');
    bad(
      { filters: [{ id: LZMA2 }, { id: LZMA2 }, { id: LZMA2 }, { id: LZMA2 }, { id: LZMA2 }] },
      "1 to 4",
    );
    bad({ filters: {} }, 'lzma: "filters" must be null or a list');
    bad({ filters: [{ dist: 4 }] }, 'lzma: filters[0] has no "id"');
    bad({ filters: [{ id: 99 }] }, "lzma: filters[0]: unknown filter id 99");
    bad({ filters: [{ id: DELTA, dist: 4 }] }, "must end with FILTER_LZMA1 or FILTER_LZMA2");
    bad(
      { filters: [{ id: LZMA2 }, { id: DELTA }] },
      "lzma: filters[0]: LZMA1 and LZMA2 may only be the last filter",
    );
    bad(
      { filters: [{ id: DELTA, dist: 0 }, { id: LZMA2 }] },
      'lzma: filters[0]: "dist" must be an integer from 1 to 256',
    );
    bad({ filters: [{ id: DELTA, dist: 257 }, { id: LZMA2 }] }, '"dist"');
    bad(
      { filters: [{ id: DELTA, foo: 1 }, { id: LZMA2 }] },
      'lzma: filters[0]: unknown key "foo" for the delta filter',
    );
    bad({ filters: [{ id: LZMA2, dict_size: 4095 }] }, 'lzma: filters[0]: "dict_size"');
    bad({ filters: [{ id: LZMA2, lc: 4, lp: 1 }] }, '"lc" + "lp" must be at most 4');
    bad({ filters: [{ id: LZMA2, mode: 0 }] }, '"mode" must be MODE_FAST');
    bad({ filters: [{ id: LZMA2, mf: 1 }] }, '"mf" must be one of');
    bad({ filters: [{ id: LZMA2, preset: 99 }] }, 'lzma: filters[0]: "preset"');
    bad({ filters: [{ id: LZMA1 }] }, "FORMAT_XZ cannot use FILTER_LZMA1");
    bad({ format: 2, filters: [{ id: LZMA2 }] }, "FORMAT_ALONE takes a single FILTER_LZMA1 filter");
    bad({ level: 1 }, 'lzma: unknown configuration key "level"');
    expect(() => LZMA.fromConfig({ id: "zlib" })).toThrow(
      "lzma: cannot build from a config whose id is",
    );
    expect(() => new LZMA({ format: 9 })).toThrow(CodecError);
  });

  it("refuses to compress what Python's lzma refuses, with the reason", async () => {
    const data = new Uint8Array(10);
    const bad = (o: LZMAOptions, msg: string) =>
      expect(new LZMA(o).encode(data)).rejects.toThrow(msg);
    await bad(
      { preset: 1, filters: [{ id: LZMA2 }] },
      'lzma: cannot compress with both "preset" and "filters"',
    );
    await bad({ format: 2, check: 4 }, "lzma: integrity checks are only supported by FORMAT_XZ");
    await bad(
      { format: 3, check: 1, filters: [{ id: LZMA2 }] },
      "integrity checks are only supported by FORMAT_XZ",
    );
    await bad({ format: 0 }, "lzma: FORMAT_AUTO can only decode");
    // Python says the same for each (checked against numcodecs' encode errors).
    const py = compressorReference(
      [
        { config: { id: "lzma", preset: 1, filters: [{ id: 33 }] }, encode: [data] },
        { config: { id: "lzma", format: 2, check: 4 }, encode: [data] },
        { config: { id: "lzma", format: 0 }, encode: [data] },
      ],
      { encodeErrors: true },
    );
    for (const r of py) expect(r.encoded[0]).toHaveProperty("error");
  });

  it("registers id lzma", async () => {
    const c = await getCodec({ id: "lzma", format: 2, check: -1, preset: 3, filters: null });
    expect(c).toBeInstanceOf(LZMA);
    expect(String(c)).toBe("LZMA(format=2, check=-1, preset=3, filters=None)");
  });
});

describe.each(CASES.map((c, i) => [String(new LZMA(c.options)), c, i] as const))(
  "%s",
  (_name, c, i) => {
    const codec = new LZMA(c.options);
    const payloads = () => payloadsOf(c);
    const filtered = c.options.filters != null && (c.options.format ?? 1) !== LZMA.FORMAT_RAW;

    it("round-trips", async () => {
      for (const [k, p] of payloads().entries()) {
        expect(sameBytes(await codec.decode(ours[i]![k]!), p.data), p.name).toBe("equal");
      }
    });

    it("writes the bytes numcodecs writes", () => {
      for (const [k, p] of payloads().entries()) {
        expect(sameBytes(results[i]!.encoded[k]!, ours[i]![k]!), p.name).toBe("equal");
      }
    });

    it("decodes numcodecs' encodings", async () => {
      for (const [k, p] of payloads().entries()) {
        const theirs = results[i]!.encoded[k]! as Uint8Array;
        expect(sameBytes(await codec.decode(theirs), p.data), p.name).toBe("equal");
        // Into the pipeline's buffer too.
        const out = new Uint8Array(p.data.length);
        expect(await codec.decode(theirs, out)).toBe(out);
        expect(sameBytes(out, p.data), p.name).toBe("equal");
      }
    });

    it("is decoded by Python's lzma (and by numcodecs where numcodecs 0.11 can decode)", () => {
      for (const [k, p] of payloads().entries()) {
        expect(sameBytes(results[i]!.alsoDecoded[k]!, p.data), p.name).toBe("equal");
        const viaCodec = results[i]!.decoded[k]!;
        if (filtered) {
          // numcodecs 0.11 passes `filters` to lzma.decompress, which refuses them for XZ and ALONE.
          expect(viaCodec).toEqual({
            error: "ValueError('Cannot specify filters except with FORMAT_RAW')",
          });
        } else {
          expect(sameBytes(viaCodec, p.data), p.name).toBe("equal");
        }
      }
    });
  },
);

describe("4 MiB chunks", () => {
  it.each(BIG.map((b, i) => [String(new LZMA(b.options)), b, i] as const))(
    "%s",
    async (_n, b, i) => {
      const codec = new LZMA(b.options);
      const r = bigResults[i]!;
      expect(sameBytes(r.encoded[0]!, oursBig[i]!)).toBe("equal");
      expect(sameBytes(r.alsoDecoded[0]!, b.payload.data)).toBe("equal");
      expect(sameBytes(await codec.decode(oursBig[i]!), b.payload.data)).toBe("equal");
    },
  );
});

describe("zarr-python fixtures", () => {
  it("decodes every lzma chunk as Python's lzma does", async () => {
    expect(fixtures.map((f) => f.entry.store)).toContain("lzma_delta_chain.zarr");
    expect(fixtures.map((f) => f.entry.store)).toContain("lzma_default.zarr");
    const stores = [...new Set(fixtures.map((f) => f.entry.store))];
    for (const [s, store] of stores.entries()) {
      const chunks = fixtures.filter((f) => f.entry.store === store);
      const codec = LZMA.fromConfig(chunks[0]!.entry.compressor as never);
      for (const [k, f] of chunks.entries()) {
        const reference = fixtureResults[s]!.alsoDecoded[k]!;
        expect(sameBytes(await codec.decode(f.bytes), reference as Uint8Array), f.name).toBe(
          "equal",
        );
        if (f.entry.features.includes("zarr-python-2.13-cannot-read")) {
          expect(fixtureResults[s]!.decoded[k]!).toHaveProperty("error");
        } else {
          expect(sameBytes(fixtureResults[s]!.decoded[k]!, reference as Uint8Array)).toBe("equal");
        }
      }
    }
  });

  const lzmaFixtures = fixtureManifest().filter((f) => f.compressor?.id === "lzma");
  it.each(lzmaFixtures.map((f) => [f.store, f] as const))(
    "%s reads as its manifest values",
    async (_s, f) => {
      const z = await openFixtureArray(f);
      expect(String(z.compressor)).toBe(String(LZMA.fromConfig(f.compressor as never)));
      const all = await z.get(null);
      expect(Array.from(all.data as ArrayLike<number>).map(toManifestValue)).toEqual(f.values);
    },
  );
});

describe("corrupt and truncated input", () => {
  const payload = allDtypePayloads().find((p) => p.name === "<i4 x 1001")!.data;
  const cases: LZMAOptions[] = [
    {},
    { check: LZMA.CHECK_SHA256 },
    {
      filters: [
        { id: DELTA, dist: 4 },
        { id: LZMA2, preset: 1 },
      ],
    },
    { format: LZMA.FORMAT_ALONE },
    { format: LZMA.FORMAT_RAW, filters: [{ id: LZMA2, preset: 1 }] },
    { format: LZMA.FORMAT_RAW, filters: [{ id: LZMA1 }] },
  ];

  it.each(cases.map((o) => [String(new LZMA(o)), o] as const))("%s throws", async (_n, o) => {
    const codec = new LZMA(o);
    const good = await codec.encode(payload);
    for (const cut of [1, 5, 13, Math.floor(good.length / 2), good.length - 1]) {
      await expect(codec.decode(good.subarray(0, cut)), `cut at ${cut}`).rejects.toThrow(
        /^lzma: corrupt or truncated data/,
      );
    }
    await expect(codec.decode(new Uint8Array(0))).rejects.toThrow(CodecError);
    await expect(codec.decode(new Uint8Array(64).fill(0x5a))).rejects.toThrow(CodecError);
    // A decoded size other than the chunk's is an error, not a silent short read.
    await expect(codec.decode(good, new Uint8Array(payload.length + 4))).rejects.toThrow(
      `lzma: decompressed ${payload.length} bytes, but the chunk holds ${payload.length + 4} bytes`,
    );
  });

  it("detects flipped bits through the XZ check", async () => {
    for (const check of [LZMA.CHECK_CRC32, LZMA.CHECK_CRC64, LZMA.CHECK_SHA256]) {
      const codec = new LZMA({ check, preset: 1 });
      const good = await codec.encode(payload);
      // Flip a bit in the middle of the compressed block.
      const bad = good.slice();
      bad[Math.floor(bad.length / 2)]! ^= 0x10;
      await expect(codec.decode(bad), `check ${check}`).rejects.toThrow(
        /^lzma: corrupt or truncated data/,
      );
    }
  });

  it("refuses XZ data given as ALONE and the reverse", async () => {
    const xz = await new LZMA().encode(payload);
    const alone = await new LZMA({ format: 2 }).encode(payload);
    await expect(new LZMA({ format: 2 }).decode(xz)).rejects.toThrow(CodecError);
    await expect(new LZMA().decode(alone)).rejects.toThrow(CodecError);
    // FORMAT_AUTO reads both.
    const auto = new LZMA({ format: 0 });
    expect(sameBytes(await auto.decode(xz), payload)).toBe("equal");
    expect(sameBytes(await auto.decode(alone), payload)).toBe("equal");
  });

  it("reads concatenated XZ streams as Python does", async () => {
    const a = await new LZMA().encode(payload);
    const b = await new LZMA({ preset: 1 }).encode(payload.subarray(0, 100));
    const join = (pad: number) => {
      const both = new Uint8Array(a.length + pad + b.length);
      both.set(a, 0);
      both.set(b, a.length + pad);
      return both;
    };
    const [r] = compressorReference([{ config: { id: "lzma" }, decode: [join(0)] }]);
    const decoded = await new LZMA().decode(join(0));
    expect(sameBytes(r!.decoded[0]!, decoded)).toBe("equal");
    expect(decoded.length).toBe(payload.length + 100);
    // With XZ stream padding between them (Python stops at the padding; the XZ format allows it).
    expect((await new LZMA().decode(join(4))).length).toBe(payload.length + 100);
  });
});

describe("64 MiB chunks", () => {
  it("round-trip with the default XZ settings", async () => {
    const data = smoothInt32Field(16 << 20);
    const codec = new LZMA({ preset: 1 });
    const encoded = await codec.encode(data);
    expect(encoded.length).toBeLessThan(data.length / 10);
    const out = (await codec.decode(encoded)) as Uint8Array;
    expect(out.length).toBe(data.length);
    expect(Buffer.from(out).equals(Buffer.from(data))).toBe(true);
  }, 120_000);
});
