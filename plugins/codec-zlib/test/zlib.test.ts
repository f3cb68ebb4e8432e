import { type Codec, CodecError, getCodec } from "@zarrkit/core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type DeflateEngineName,
  deflateEngines,
  GZip,
  setDeflateEngines,
  Zlib,
} from "../src/index.js";
import {
  bigPayloads,
  type FixtureChunk,
  fixtureChunks,
  type CompressorResult,
  compressorReference,
  type Payload,
  sameBytes,
  allDtypePayloads,
} from "@zarrkit/codec-test-utils";

const ENGINES: DeflateEngineName[] = ["pako", "node:zlib"];

afterEach(() => {
  setDeflateEngines({ encode: "auto", decode: "auto" });
});

async function withEngines<T>(
  engines: { encode?: DeflateEngineName; decode?: DeflateEngineName },
  fn: () => Promise<T>,
): Promise<T> {
  const previous = setDeflateEngines(engines);
  try {
    return await fn();
  } finally {
    setDeflateEngines(previous);
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** The same member with every optional header field (FEXTRA, FNAME, FCOMMENT, FHCRC). */
function withHeaderFields(gz: Uint8Array): Uint8Array {
  const header = concat(
    Uint8Array.of(0x1f, 0x8b, 8, 2 | 4 | 8 | 16),
    gz.subarray(4, 10),
    Uint8Array.of(6, 0, 0x41, 0x42, 2, 0, 0x78, 0x79),
    new TextEncoder().encode("chunk.bin\0a comment\0"),
  );
  const hcrc = crc32(header) & 0xffff;
  return concat(header, Uint8Array.of(hcrc & 0xff, hcrc >> 8), gz.subarray(10));
}

interface Case {
  codec: Zlib | GZip;
  payloads: Payload[];
  ours: Record<DeflateEngineName, Uint8Array[]>;
  result?: CompressorResult;
}

const CODECS = [
  new Zlib(),
  new Zlib({ level: 9 }),
  new Zlib({ level: 0 }),
  new Zlib({ level: -1 }),
  new GZip(),
  new GZip({ level: 9 }),
  new GZip({ level: 5 }),
];
const cases: Case[] = [];
let bigZlib: Case;
let fixtures: FixtureChunk[];
let fixtureResults: Map<string, Uint8Array | { error: string }>;
let gzipVariants: { name: string; bytes: Uint8Array; expected: Uint8Array }[];
let gzipVariantResult: CompressorResult;

beforeAll(async () => {
  const small = allDtypePayloads();
  for (const codec of CODECS) {
    const ours = {} as Case["ours"];
    for (const engine of ENGINES) {
      ours[engine] = await withEngines({ encode: engine }, () =>
        Promise.all(small.map((p) => codec.encode(p.data))),
      );
    }
    cases.push({ codec, payloads: small, ours });
  }
  const big = bigPayloads(["|u1", "<i4", "<f8", "<c16"]);
  const zlib = new Zlib();
  bigZlib = {
    codec: zlib,
    payloads: big,
    ours: {
      pako: await Promise.all(big.map((p) => zlib.encode(p.data))),
      "node:zlib": await withEngines({ encode: "node:zlib" }, () =>
        Promise.all(big.map((p) => zlib.encode(p.data))),
      ),
    },
  };

  const a = small.find((p) => p.name === "<f8 x 1001")!.data;
  const b = small.find((p) => p.name === "<i2 x 1001")!.data;
  const gz = cases[4]!.ours.pako[small.findIndex((p) => p.name === "<f8 x 1001")]!;
  const gzB = cases[4]!.ours.pako[small.findIndex((p) => p.name === "<i2 x 1001")]!;
  gzipVariants = [
    { name: "two members", bytes: concat(gz, gzB), expected: concat(a, b) },
    { name: "every optional header field", bytes: withHeaderFields(gz), expected: a },
    { name: "zero padding", bytes: concat(gz, new Uint8Array(9)), expected: a },
    {
      name: "an empty member",
      bytes: concat(cases[4]!.ours.pako[0]!, gzB),
      expected: b,
    },
  ];

  fixtures = fixtureChunks("zlib", "gzip");
  const byConfig = new Map<string, FixtureChunk[]>();
  for (const f of fixtures) {
    const key = JSON.stringify(f.entry.compressor);
    byConfig.set(key, [...(byConfig.get(key) ?? []), f]);
  }
  const fixtureJobs = [...byConfig].map(([config, chunks]) => ({
    config: JSON.parse(config) as Record<string, unknown>,
    decode: chunks.map((c) => c.bytes),
  }));

  const all = [...cases, bigZlib];
  const results = compressorReference([
    ...all.map((c) => ({
      config: c.codec.toConfig(),
      encode: c.payloads.map((p) => p.data),
      decode: [...c.ours.pako, ...c.ours["node:zlib"]],
    })),
    { config: { id: "gzip", level: 1 }, decode: gzipVariants.map((v) => v.bytes) },
    ...fixtureJobs,
  ]);
  all.forEach((c, i) => {
    c.result = results[i];
  });
  gzipVariantResult = results[all.length]!;
  fixtureResults = new Map();
  [...byConfig.values()].forEach((chunks, j) => {
    chunks.forEach((c, k) => {
      fixtureResults.set(c.name, results[all.length + 1 + j]!.decoded[k]!);
    });
  });
});

describe("configuration", () => {
  it("prints and serializes as numcodecs does", () => {
    expect(String(new Zlib())).toBe("Zlib(level=1)");
    expect(String(new GZip({ level: 9 }))).toBe("GZip(level=9)");
    expect(new Zlib().toConfig()).toEqual({ id: "zlib", level: 1 });
    expect(new GZip({ level: 0 }).toConfig()).toEqual({ id: "gzip", level: 0 });
    expect(Zlib.fromConfig({ id: "zlib", level: 7 }).toConfig()).toEqual({ id: "zlib", level: 7 });
    expect(GZip.fromConfig({ id: "gzip" }).level).toBe(1);
  });

  it("rejects bad configurations with the codec id and field", () => {
    expect(() => new Zlib({ level: 10 })).toThrow(
      'zlib: "level" must be an integer from -1 to 9, got 10',
    );
    expect(() => new GZip({ level: 1.5 })).toThrow('gzip: "level" must be an integer');
    expect(() => new GZip({ level: "1" as unknown as number })).toThrow(CodecError);
    expect(() => Zlib.fromConfig({ id: "zlib", level: 1, foo: 2 } as never)).toThrow(
      'zlib: unknown configuration key "foo"',
    );
    expect(() => Zlib.fromConfig({ id: "gzip", level: 1 })).toThrow(
      'zlib: cannot build from a config whose id is "gzip"',
    );
  });

  it("registers both ids", async () => {
    const z = await getCodec({ id: "zlib", level: 5 });
    expect(z).toBeInstanceOf(Zlib);
    expect(z.toConfig()).toEqual({ id: "zlib", level: 5 });
    const g = await getCodec({ id: "gzip" });
    expect(g).toBeInstanceOf(GZip);
    expect(String(g)).toBe("GZip(level=1)");
    await expect(getCodec({ id: "gzip", level: 11 })).rejects.toThrow('gzip: "level"');
  });

  it("picks node:zlib to decode in Node and pako's canonical zlib to encode", () => {
    expect(deflateEngines()).toEqual({ encode: "pako", decode: "node:zlib" });
    const previous = setDeflateEngines({ decode: "pako" });
    expect(previous).toEqual({ encode: "auto", decode: "auto" });
    expect(deflateEngines()).toEqual({ encode: "pako", decode: "pako" });
    expect(() => setDeflateEngines({ encode: "zstd" as never })).toThrow("setDeflateEngines");
  });
});

describe.each(CODECS.map((codec, i) => [String(codec), i] as const))("%s", (_name, i) => {
  it("round-trips every numeric dtype at 0, 1 and an odd number of elements", async () => {
    const c = cases[i]!;
    for (const decode of ENGINES) {
      await withEngines({ decode }, async () => {
        for (const [k, p] of c.payloads.entries()) {
          for (const encode of ENGINES) {
            expect(
              sameBytes(await c.codec.decode(c.ours[encode][k]!), p.data),
              `${p.name} ${encode}->${decode}`,
            ).toBe("equal");
          }
        }
      });
    }
  });

  it("numcodecs decodes what we encode, with either engine", () => {
    const c = cases[i]!;
    const n = c.payloads.length;
    for (const [k, p] of c.payloads.entries()) {
      expect(sameBytes(c.result!.decoded[k]!, p.data), `${p.name} pako`).toBe("equal");
      expect(sameBytes(c.result!.decoded[n + k]!, p.data), `${p.name} node:zlib`).toBe("equal");
    }
  });

  it("decodes what numcodecs encodes, with either engine", async () => {
    const c = cases[i]!;
    for (const decode of ENGINES) {
      await withEngines({ decode }, async () => {
        for (const [k, p] of c.payloads.entries()) {
          const out = new Uint8Array(p.data.length);
          const got = await c.codec.decode(c.result!.encoded[k]!, out);
          expect(got, `${p.name} into out`).toBe(out);
          expect(sameBytes(got, p.data), `${p.name} ${decode}`).toBe("equal");
        }
      });
    }
  });

  it("writes by default the very bytes numcodecs writes (gzip: all but the time stamp)", () => {
    const c = cases[i]!;
    for (const [k, p] of c.payloads.entries()) {
      const ours = c.ours.pako[k]!;
      const theirs = c.result!.encoded[k]!;
      if (c.codec.id === "zlib") {
        expect(sameBytes(ours, theirs), p.name).toBe("equal");
      } else {
        expect(sameBytes(ours.subarray(0, 4), theirs.subarray(0, 4)), `${p.name} magic/flags`).toBe(
          "equal",
        );
        expect(sameBytes(ours.subarray(8), theirs.subarray(8)), `${p.name} after mtime`).toBe(
          "equal",
        );
        const mtime = new DataView(ours.buffer, ours.byteOffset).getUint32(4, true);
        expect(Math.abs(mtime - Date.now() / 1000)).toBeLessThan(600);
      }
    }
  });

  it("fails clearly on corrupt and truncated data, with either engine", async () => {
    const c = cases[i]!;
    const k = c.payloads.findIndex((p) => p.name === "<f8 x 1001");
    const good = c.result!.encoded[k]!;
    const flipped = good.slice();
    flipped[good.length >> 1]! ^= 0x55;
    const badTrailer = good.slice();
    badTrailer[good.length - 5]! ^= 1;
    for (const decode of ENGINES) {
      await withEngines({ decode }, async () => {
        for (const cut of [1, 4, 9, good.length >> 1, good.length - 1]) {
          await expect(
            c.codec.decode(good.subarray(0, good.length - cut)),
            `cut ${cut}`,
          ).rejects.toThrow(`${c.codec.id}: corrupt or truncated data`);
        }
        await expect(c.codec.decode(flipped)).rejects.toThrow(CodecError);
        await expect(c.codec.decode(badTrailer)).rejects.toThrow(c.codec.id);
        const wrongSize = new Uint8Array(c.payloads[k]!.data.length + 8);
        await expect(c.codec.decode(good, wrongSize)).rejects.toThrow(
          `${c.codec.id}: decompressed 8008 bytes, but the chunk holds 8016 bytes`,
        );
      });
    }
  });
});

describe("4 MiB chunks", () => {
  it("round-trip every numeric dtype", async () => {
    // pako's encoder meets 4 MiB chunks in the interop test below; node:zlib's is faster here.
    const codec = new Zlib();
    for (const p of bigPayloads()) {
      const out = new Uint8Array(p.data.length);
      const encoded = await withEngines({ encode: "node:zlib" }, () => codec.encode(p.data));
      expect(await codec.decode(encoded, out)).toBe(out);
      expect(sameBytes(out, p.data), p.name).toBe("equal");
    }
  });

  it("interoperate with numcodecs both ways", async () => {
    const n = bigZlib.payloads.length;
    for (const [k, p] of bigZlib.payloads.entries()) {
      expect(sameBytes(bigZlib.result!.decoded[k]!, p.data), `numcodecs reads ours ${p.name}`).toBe(
        "equal",
      );
      expect(
        sameBytes(bigZlib.result!.decoded[n + k]!, p.data),
        `numcodecs reads node's ${p.name}`,
      ).toBe("equal");
      expect(
        sameBytes(bigZlib.ours.pako[k]!, bigZlib.result!.encoded[k]!),
        `same bytes ${p.name}`,
      ).toBe("equal");
      const info = { dtype: "|u1", itemsize: 1, shape: [p.data.length], nbytes: p.data.length };
      for (const decode of ENGINES) {
        const got = await withEngines({ decode }, () =>
          bigZlib.codec.decode(bigZlib.result!.encoded[k]!, undefined, info),
        );
        expect(sameBytes(got, p.data), `we read numcodecs' ${p.name} with ${decode}`).toBe("equal");
      }
    }
  });

  it("GZip round-trips them too", async () => {
    const codec = new GZip();
    for (const p of bigPayloads(["<i4", "<f8"])) {
      expect(sameBytes(await codec.decode(await codec.encode(p.data)), p.data), p.name).toBe(
        "equal",
      );
    }
  });
});

describe("gzip files from other writers", () => {
  it.each(ENGINES)("are read by %s: several members, header fields, padding", async (decode) => {
    const codec = new GZip();
    for (const [k, v] of gzipVariants.entries()) {
      expect(sameBytes(gzipVariantResult.decoded[k]!, v.expected), `numcodecs: ${v.name}`).toBe(
        "equal",
      );
      const got = await withEngines({ decode }, () => codec.decode(v.bytes));
      expect(sameBytes(got, v.expected), v.name).toBe("equal");
    }
  });

  it("an empty input is an empty file, as in numcodecs; Zlib refuses it", async () => {
    expect(await new GZip().decode(new Uint8Array(0))).toEqual(new Uint8Array(0));
    await expect(new GZip().decode(new Uint8Array(0), new Uint8Array(4))).rejects.toThrow(
      "gzip: decompressed 0 bytes, but the chunk holds 4 bytes",
    );
    await expect(new Zlib().decode(new Uint8Array(0))).rejects.toThrow(
      "zlib: corrupt or truncated",
    );
  });

  it("Zlib does not take gzip and GZip does not take zlib", async () => {
    const data = new TextEncoder().encode("numcodecs keeps the two formats apart");
    for (const decode of ENGINES) {
      await withEngines({ decode }, async () => {
        await expect(new Zlib().decode(await new GZip().encode(data))).rejects.toThrow("zlib:");
        await expect(new GZip().decode(await new Zlib().encode(data))).rejects.toThrow("gzip:");
      });
    }
  });
});

describe("zarr-python's chunks", () => {
  it("decode every zlib and gzip fixture chunk as numcodecs does, with either engine", async () => {
    const stores = new Set(fixtures.map((f) => f.entry.store));
    for (const s of [
      "zlib_1.zarr",
      "zlib_9.zarr",
      "gzip_1.zarr",
      "gzip_9.zarr",
      "nested_sep.zarr",
    ]) {
      expect(stores.has(s), s).toBe(true);
    }
    expect(fixtures.some((f) => f.name.startsWith("nested_sep.zarr/3/2"))).toBe(true);
    for (const decode of ENGINES) {
      await withEngines({ decode }, async () => {
        for (const f of fixtures) {
          const codec: Codec = await getCodec(f.entry.compressor as { id: string });
          const theirs = fixtureResults.get(f.name)!;
          expect(theirs, f.name).toBeInstanceOf(Uint8Array);
          const out = new Uint8Array((theirs as Uint8Array).length);
          expect(await codec.decode(f.bytes, out), f.name).toBe(out);
          expect(sameBytes(out, theirs as Uint8Array), `${f.name} ${decode}`).toBe("equal");
        }
      });
    }
  });
});

it("round-trips 64 MiB", async () => {
  const big = new Uint8Array(64 << 20);
  const words = new Int32Array(big.buffer);
  for (let i = 0; i < words.length; i++) words[i] = i >> 6;
  const codec = new Zlib();
  const encoded = await codec.encode(big);
  expect(encoded.length).toBeLessThan(big.length / 20);
  const out = new Uint8Array(big.length);
  await codec.decode(encoded, out);
  expect(sameBytes(out, big)).toBe("equal");
});
