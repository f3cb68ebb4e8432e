import { type ChunkInfo, CodecError, getCodec, workerSettings } from "@zarrkit/core";
import { fixtureManifest, toManifestValue } from "@zarrkit/test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { Blosc, blosc, readHeader } from "../src/index.js";
import {
  fixtureChunks,
  dtypeBytes,
  type FixtureChunk,
  itemsize,
  type CompressorResult,
  noise,
  compressorReference,
  sameBytes,
  openFixtureArray,
} from "@zarrkit/codec-test-utils";

const CNAMES = ["blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"];
const SHUFFLES = [0, 1, 2, -1];
/** Typesizes 1, 2, 3, 4, 8, 16 (the largest split) and 20 (never split). */
const DTYPES = ["|i1", "<u2", "|V3", "<i4", "<f4", "<f8", "<i8", "|V16", "|V20"];
const COUNTS = [0, 1, 31, 1001, 70_001];

interface Payload {
  name: string;
  dtype: string;
  data: Uint8Array;
}

const payloads: Payload[] = [];
for (const dtype of DTYPES) {
  for (const count of COUNTS) {
    payloads.push({ name: `${dtype} x ${count}`, dtype, data: dtypeBytes(dtype, count) });
  }
}
const big: Payload[] = [
  { name: "<i4 3 MiB", dtype: "<i4", data: dtypeBytes("<i4", (3 << 20) / 4, 3) },
  { name: "<f8 2 MiB + 8", dtype: "<f8", data: dtypeBytes("<f8", (2 << 20) / 8 + 1, 4) },
  { name: "|u1 noise 1 MiB", dtype: "|u1", data: noise(1 << 20) },
];

const infoOf = (p: Payload): ChunkInfo => ({
  dtype: p.dtype,
  itemsize: itemsize(p.dtype),
  shape: [p.data.length / itemsize(p.dtype)],
  nbytes: p.data.length,
});

interface Case {
  config: { cname: string; clevel: number; shuffle: number; blocksize: number };
  payloads: Payload[];
}

const cases: Case[] = [];
for (const cname of CNAMES) {
  for (const shuffle of SHUFFLES) {
    cases.push({ config: { cname, clevel: 5, shuffle, blocksize: 0 }, payloads });
    cases.push({ config: { cname, clevel: 5, shuffle, blocksize: 0 }, payloads: big.slice(0, 1) });
  }
  cases.push({ config: { cname, clevel: 7, shuffle: 1, blocksize: 0 }, payloads: big });
  for (const clevel of [0, 1, 3, 9]) {
    cases.push({ config: { cname, clevel, shuffle: 1, blocksize: 0 }, payloads: big.slice(1, 2) });
  }
  cases.push({
    config: { cname, clevel: 4, shuffle: 2, blocksize: 4096 },
    payloads: big.slice(0, 2),
  });
}

/** Jobs: one per case and dtype (numcodecs takes the typesize from the dtype). */
interface JobRef {
  caseIndex: number;
  dtype: string;
  items: number[];
}

let ours: Uint8Array[][];
let results: CompressorResult[];
let jobRefs: JobRef[];
let fixtures: FixtureChunk[];
let fixtureResults: CompressorResult[];

beforeAll(async () => {
  ours = await Promise.all(
    cases.map((c) => {
      const codec = new Blosc(c.config);
      return Promise.all(c.payloads.map((p) => codec.encode(p.data, infoOf(p))));
    }),
  );
  jobRefs = [];
  cases.forEach((c, caseIndex) => {
    const byDtype = new Map<string, number[]>();
    c.payloads.forEach((p, k) => {
      byDtype.set(p.dtype, [...(byDtype.get(p.dtype) ?? []), k]);
    });
    for (const [dtype, items] of byDtype) jobRefs.push({ caseIndex, dtype, items });
  });
  fixtures = fixtureChunks("blosc");
  // One Python call per cname keeps each batch's JSON small.
  results = [];
  for (const cname of CNAMES) {
    const refs = jobRefs.filter((j) => cases[j.caseIndex]!.config.cname === cname);
    const out = compressorReference(
      refs.map((j) => ({
        config: { id: "blosc", ...cases[j.caseIndex]!.config },
        dtype: j.dtype,
        encode: j.items.map((k) => cases[j.caseIndex]!.payloads[k]!.data),
        decode: j.items.map((k) => ours[j.caseIndex]![k]!),
      })),
    );
    refs.forEach((j, n) => {
      results[jobRefs.indexOf(j)] = out[n]!;
    });
  }
  fixtureResults = compressorReference(
    fixtures.map((f) => ({ config: f.entry.compressor!, dtype: "|u1", decode: [f.bytes] })),
  );
}, 600_000);

/** numcodecs' encodings with a (void) dtype it can take its typesize from. */
function theirEncodings(): { caseIndex: number; k: number; bytes: Uint8Array }[] {
  const out: { caseIndex: number; k: number; bytes: Uint8Array }[] = [];
  jobRefs.forEach((j, r) => {
    results[r]!.encoded.forEach((bytes, i) => {
      out.push({ caseIndex: j.caseIndex, k: j.items[i]!, bytes });
    });
  });
  return out;
}

describe("configuration", () => {
  it("defaults, config and repr exactly as numcodecs 0.11", () => {
    const d = new Blosc();
    expect(JSON.stringify(d.toConfig())).toBe(
      '{"id":"blosc","cname":"lz4","clevel":5,"shuffle":1,"blocksize":0}',
    );
    expect(String(d)).toBe("Blosc(cname='lz4', clevel=5, shuffle=SHUFFLE, blocksize=0)");
    jobRefs.forEach((j, r) => {
      const codec = new Blosc(cases[j.caseIndex]!.config);
      expect(JSON.stringify(codec.toConfig())).toBe(JSON.stringify(results[r]!.config));
      expect(String(codec)).toBe(results[r]!.repr);
    });
    const seen = new Set(results.map((r) => r.repr.replace(/.*shuffle=(\w+).*/, "$1")));
    expect([...seen].sort()).toEqual(["AUTOSHUFFLE", "BITSHUFFLE", "NOSHUFFLE", "SHUFFLE"]);
  });

  it("static constants and fromConfig", () => {
    expect([Blosc.NOSHUFFLE, Blosc.SHUFFLE, Blosc.BITSHUFFLE, Blosc.AUTOSHUFFLE]).toEqual([
      0, 1, 2, -1,
    ]);
    const c = new Blosc({ cname: "zstd", clevel: 3, shuffle: Blosc.BITSHUFFLE, blocksize: 0 });
    expect(String(c)).toBe("Blosc(cname='zstd', clevel=3, shuffle=BITSHUFFLE, blocksize=0)");
    const back = Blosc.fromConfig(c.toConfig());
    expect(back.toConfig()).toEqual(c.toConfig());
    expect(Blosc.fromConfig({ id: "blosc" }).toConfig()).toEqual(new Blosc().toConfig());
  });

  it("rejects bad configurations naming the field", () => {
    expect(() => new Blosc({ cname: "lzma" })).toThrow(
      'blosc: unknown "cname" "lzma"; valid cnames are blosclz, lz4, lz4hc, snappy, zlib, zstd',
    );
    expect(() => new Blosc({ clevel: 10 })).toThrow(
      'blosc: "clevel" must be an integer from 0 to 9',
    );
    expect(() => new Blosc({ clevel: -1 })).toThrow(CodecError);
    expect(() => new Blosc({ clevel: 2.5 })).toThrow('"clevel"');
    expect(() => new Blosc({ shuffle: 3 })).toThrow('blosc: "shuffle" must be -1');
    expect(() => new Blosc({ shuffle: "1" as never })).toThrow('"shuffle"');
    expect(() => new Blosc({ blocksize: -5 })).toThrow('blosc: "blocksize"');
    expect(() => Blosc.fromConfig({ id: "blosc", nthreads: 4 } as never)).toThrow(
      'blosc: unknown configuration key "nthreads"',
    );
    expect(() => Blosc.fromConfig({ id: "zlib" })).toThrow("blosc: cannot build");
    expect(() => new Blosc(3 as never)).toThrow("blosc: options must be an object");
  });

  it("registers id blosc", async () => {
    const c = await getCodec({ id: "blosc", cname: "zstd", clevel: 1, shuffle: 2, blocksize: 0 });
    expect(c).toBeInstanceOf(Blosc);
    expect(String(c)).toBe("Blosc(cname='zstd', clevel=1, shuffle=BITSHUFFLE, blocksize=0)");
  });

  it("blosc module: compressors, and thread settings that drive core's worker pool", () => {
    expect(blosc.listCompressors()).toEqual(CNAMES);
    const before = blosc.getNthreads();
    expect(blosc.setNthreads(4)).toBe(before);
    expect(blosc.getNthreads()).toBe(4);
    expect(workerSettings().size).toBe(4);
    expect(blosc.setNthreads(before)).toBe(4);
    expect(() => blosc.setNthreads(0)).toThrow("blosc: nthreads");
    expect(blosc.useThreads).toBe(null);
    blosc.useThreads = false;
    expect(blosc.useThreads).toBe(false);
    expect(workerSettings().enabled).toBe(false);
    blosc.useThreads = null;
    expect(() => {
      blosc.useThreads = 1 as never;
    }).toThrow("blosc: useThreads");
  });
});

describe.each(cases.map((c, i) => [JSON.stringify(c.config), c, i] as const))(
  "%s",
  (_name, c, i) => {
    const codec = new Blosc(c.config);
    it("round-trips every payload", async () => {
      for (const [k, p] of c.payloads.entries()) {
        expect(sameBytes(await codec.decode(ours[i]![k]!), p.data), p.name).toBe("equal");
        const out = new Uint8Array(p.data.length);
        expect(await codec.decode(ours[i]![k]!, out, infoOf(p))).toBe(out);
        expect(sameBytes(out, p.data), p.name).toBe("equal");
      }
    });

    it("is decoded by numcodecs to the same bytes", () => {
      let checked = 0;
      jobRefs.forEach((j, r) => {
        if (j.caseIndex !== i) return;
        j.items.forEach((k, n) => {
          const p = c.payloads[k]!;
          const got = results[r]!.decoded[n]!;
          if (p.data.length === 0) {
            // numcodecs 0.11 fails on every empty chunk, its own included (c-blosc returns 0
            // bytes, which numcodecs takes for an error): ours are the same 16 bytes as its.
            expect(got).toEqual({ error: "RuntimeError('error during blosc decompression: 0')" });
            expect(sameBytes(results[r]!.encoded[n]!, ours[i]![k]!)).toBe("equal");
          } else {
            expect(sameBytes(got, p.data), p.name).toBe("equal");
          }
          checked++;
        });
      });
      expect(checked).toBe(c.payloads.length);
    });

    it("decodes numcodecs' encodings and writes the same header fields", async () => {
      const theirs = theirEncodings().filter((t) => t.caseIndex === i);
      // numcodecs encoded every payload of the case.
      expect(theirs).toHaveLength(c.payloads.length);
      for (const t of theirs) {
        const p = c.payloads[t.k]!;
        expect(sameBytes(await codec.decode(t.bytes), p.data), p.name).toBe("equal");
        const a = readHeader(ours[i]![t.k]!);
        const b = readHeader(t.bytes);
        // Everything but cbytes, and the memcpyed bit when one side could not compress.
        expect({ ...a, cbytes: 0, flags: a.flags & ~2 }, p.name).toEqual({
          ...b,
          cbytes: 0,
          flags: b.flags & ~2,
        });
        if (c.config.clevel === 0 || p.data.length < 128) expect(a.flags & 2, p.name).toBe(2);
      }
    });

    // LZ4 streams come from @zarrkit/lz4-block, which makes liblz4's choices: the whole chunk
    // (header, offsets, every stream) is then c-blosc's, byte for byte.
    if (c.config.cname === "lz4" || c.config.clevel === 0) {
      it("writes exactly numcodecs' bytes", () => {
        const theirs = theirEncodings().filter((t) => t.caseIndex === i);
        expect(theirs.length).toBe(c.payloads.length);
        for (const t of theirs) {
          expect(sameBytes(ours[i]![t.k]!, t.bytes), c.payloads[t.k]!.name).toBe("equal");
        }
      });
    }
  },
);

describe("typesize", () => {
  it("comes from the chunk's itemsize, 1 without one", async () => {
    const data = dtypeBytes("<f8", 5000);
    const withInfo = await new Blosc().encode(data, {
      dtype: "<f8",
      itemsize: 8,
      shape: [5000],
    });
    expect(readHeader(withInfo).typesize).toBe(8);
    expect(readHeader(await new Blosc().encode(data)).typesize).toBe(1);
    expect(readHeader(await new Blosc().encode(new Float64Array(100))).typesize).toBe(1);
  });

  it("clevel 0 stores a memcpyed chunk", async () => {
    const data = dtypeBytes("<i4", 10_000);
    const enc = await new Blosc({ clevel: 0 }).encode(data, {
      dtype: "<i4",
      itemsize: 4,
      shape: [10_000],
    });
    const h = readHeader(enc);
    expect(h.flags & 2).toBe(2);
    expect(h.cbytes).toBe(data.length + 16);
    expect(sameBytes(enc.subarray(16), data)).toBe("equal");
  });
});

describe("large chunks", () => {
  it("round-trips 64 MiB with lz4", async () => {
    const huge = new Uint8Array(64 << 20);
    const part = dtypeBytes("<i4", 1 << 20, 8);
    for (let o = 0; o < huge.length; o += part.length) huge.set(part, o);
    huge[huge.length - 1] = 7;
    const codec = new Blosc({ cname: "lz4", shuffle: 1 });
    const info = { dtype: "<i4", itemsize: 4, shape: [16 << 20] };
    const enc = await codec.encode(huge, info);
    expect(enc.length).toBeLessThan(huge.length / 3);
    expect(sameBytes(await codec.decode(enc), huge)).toBe("equal");
  });
});

describe("zarr-python fixtures", () => {
  it("decodes every Blosc chunk as numcodecs does", async () => {
    // Every cell of the chunk grids of the blosc directory fixtures (zarr-python 2.13 writes
    // them all), counted on disk.
    expect(fixtures).toHaveLength(426);
    const cnames = new Set(fixtures.map((f) => f.entry.compressor!.cname));
    expect([...cnames].sort()).toEqual([...CNAMES].sort());
    for (const [k, f] of fixtures.entries()) {
      const codec = Blosc.fromConfig(f.entry.compressor as never);
      const expected = fixtureResults[k]!.decoded[0] as Uint8Array;
      expect(sameBytes(await codec.decode(f.bytes), expected), f.name).toBe("equal");
    }
  });

  // Those without filters (the filter plugins are not this package's dependencies).
  const bloscFixtures = fixtureManifest().filter(
    (f) => f.compressor?.id === "blosc" && !f.store.endsWith(".zip") && !f.filters?.length,
  );
  it.each(bloscFixtures.map((f) => [f.store, f] as const))(
    "%s reads as its manifest values",
    async (_s, f) => {
      const z = await openFixtureArray(f);
      expect(String(z.compressor)).toMatch(/^Blosc\(cname='\w+', clevel=\d, shuffle=\w+/);
      const values = await z.get(null);
      expect(Array.from(values.data as ArrayLike<number>).map(toManifestValue)).toEqual(f.values);
    },
  );
});

describe("corrupt and truncated chunks", () => {
  const data = dtypeBytes("<i4", 100_000, 5);
  const info = { dtype: "<i4", itemsize: 4, shape: [100_000] };

  it("fail with a CodecError naming blosc and the problem", async () => {
    const enc = await new Blosc().encode(data, info);
    const codec = new Blosc();
    await expect(codec.decode(enc.subarray(0, 10))).rejects.toThrow(
      "blosc: corrupt or truncated chunk: 10 bytes is shorter than the 16-byte header",
    );
    await expect(codec.decode(enc.subarray(0, enc.length - 1))).rejects.toThrow(
      `blosc: corrupt or truncated chunk: the header says ${enc.length} compressed bytes (cbytes), the chunk has ${enc.length - 1}`,
    );
    const bad = (edit: (b: Uint8Array) => void) => {
      const b = enc.slice();
      edit(b);
      return codec.decode(b);
    };
    await expect(bad((b) => (b[0] = 9))).rejects.toThrow("blosc: unsupported format version 9");
    await expect(bad((b) => (b[2] = (b[2]! & 0x1f) | (6 << 5)))).rejects.toThrow(
      "blosc: unknown compressor format 6",
    );
    await expect(bad((b) => (b[2]! |= 8))).rejects.toThrow("reserved flag");
    await expect(bad((b) => (b[2]! |= 2))).rejects.toThrow(
      "blosc: corrupt chunk: a memcpyed chunk",
    );
    await expect(bad((b) => b.set([0xff, 0xff, 0xff, 0x7f], 16))).rejects.toThrow(
      /blosc: corrupt chunk: block 0 starts at \d+, outside the chunk's data/,
    );
    await expect(bad((b) => b.set([0xff, 0xff, 0xff, 0x7f], 8))).rejects.toThrow(
      "blosc: corrupt chunk: blocksize",
    );
    await expect(bad((b) => b.set([0, 0, 0, 0], 8))).rejects.toThrow(
      "blosc: corrupt chunk: blocksize 0",
    );
    const start = enc[16]! | (enc[17]! << 8);
    await expect(bad((b) => b.set([0xff, 0xff, 0xff, 0x0f], start))).rejects.toThrow(
      "blosc: corrupt or truncated chunk: block 0 stream 0 of 268435455 bytes runs past the end",
    );
    await expect(codec.decode(enc, new Uint8Array(10))).rejects.toThrow(
      `blosc: the chunk decodes to ${data.length} bytes (header nbytes), but 10 are expected`,
    );
  });

  it.each(CNAMES)(
    "%s: every truncation and many corruptions fail cleanly or decode",
    async (cname) => {
      const codec = new Blosc({ cname, clevel: 5, shuffle: 1 });
      const small = data.subarray(0, 20_000);
      const enc = await codec.encode(small, info);
      expect(readHeader(enc).flags & 2).toBe(0);
      for (let n = 0; n < enc.length; n += Math.max(1, Math.floor(enc.length / 97))) {
        await expect(codec.decode(enc.subarray(0, n))).rejects.toThrow(CodecError);
      }
      // Corrupt stream bytes without touching the header: either a clear error or some output of
      // the right size (a flipped literal cannot be detected), never a crash or a hang.
      let errors = 0;
      for (let k = 0; k < 200; k++) {
        const b = enc.slice();
        const pos = 16 + ((k * 7919) % (enc.length - 16));
        b[pos]! ^= 1 << (k % 8);
        try {
          const out = await codec.decode(b);
          expect(out.length).toBe(small.length);
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError);
          expect((e as Error).message).toMatch(/^blosc: /);
          errors++;
        }
      }
      // Only some flips are detectable (see above): a bound, so the error path ran.
      expect(errors).toBeGreaterThan(0);
    },
  );
});
