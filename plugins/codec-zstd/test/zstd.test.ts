import { spawnSync } from "node:child_process";
import { CodecError, getCodec } from "@zarrkit/core";
import { fixtureManifest, toManifestValue } from "@zarrkit/test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { Zstd } from "../src/index.js";
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
} from "@zarrkit/codec-test-utils";

/** Level 1 (the default) runs every dtype; the others a handful of payloads. */
const LEVELS = [1, 0, -5, 3, 19, 23];
const all = allDtypePayloads();
const few = fewPayloads();
const payloadsOf = (level: number) => (level === 1 ? all : few);
const big = ["|u1", "<i2", "<i4", "<f8", "<c16"].map(bigPayload);

let ours: Uint8Array[][];
let oursBig: Uint8Array[];
let results: CompressorResult[];
let bigResult: CompressorResult;
let fixtures: FixtureChunk[];
let fixtureResult: CompressorResult;

beforeAll(async () => {
  ours = await Promise.all(
    LEVELS.map((level) => {
      const codec = new Zstd({ level });
      return Promise.all(payloadsOf(level).map((p) => codec.encode(p.data)));
    }),
  );
  oursBig = await Promise.all(big.map((p) => new Zstd().encode(p.data)));
  fixtures = fixtureChunks("zstd");
  const out = compressorReference([
    ...LEVELS.map((level, i) => ({
      config: { id: "zstd", level },
      encode: payloadsOf(level).map((p) => p.data),
      decode: ours[i]!,
    })),
    { config: { id: "zstd", level: 1 }, encode: big.map((p) => p.data), decode: oursBig },
    { config: fixtures[0]!.entry.compressor!, decode: fixtures.map((f) => f.bytes) },
  ]);
  results = out.slice(0, LEVELS.length);
  bigResult = out[LEVELS.length]!;
  fixtureResult = out[LEVELS.length + 1]!;
});

describe("configuration", () => {
  it("serializes and prints exactly as numcodecs' get_config and repr", () => {
    LEVELS.forEach((level, i) => {
      const codec = new Zstd({ level });
      expect(codec.toConfig()).toEqual(results[i]!.config);
      expect(String(codec)).toBe(results[i]!.repr);
      expect(Zstd.fromConfig(codec.toConfig()).toConfig()).toEqual(codec.toConfig());
    });
    expect(new Zstd().toConfig()).toEqual({ id: "zstd", level: 1 });
    expect(String(Zstd.fromConfig({ id: "zstd" }))).toBe("Zstd(level=1)");
  });

  it("rejects bad configurations naming the codec id and field", () => {
    expect(() => new Zstd({ level: 1.5 })).toThrow('zstd: "level" must be an integer');
    expect(() => new Zstd({ level: "3" as never })).toThrow(CodecError);
    expect(() => new Zstd({ level: 2 ** 40 })).toThrow('zstd: "level"');
    expect(() => Zstd.fromConfig({ id: "zstd", dict: "x" } as never)).toThrow(
      'zstd: unknown configuration key "dict" (zstd takes "level" and "checksum")',
    );
    expect(() => new Zstd({ checksum: 1 as never })).toThrow(
      'zstd: "checksum" must be true or false, got 1',
    );
    expect(() => Zstd.fromConfig({ id: "lz4", level: 1 })).toThrow("zstd: cannot build");
    expect(() => new Zstd(7 as never)).toThrow("zstd: options must be an object");
  });

  it("registers id zstd", async () => {
    const c = await getCodec({ id: "zstd", level: 5 });
    expect(c).toBeInstanceOf(Zstd);
    expect(String(c)).toBe("Zstd(level=5)");
  });

  it("clamps levels as numcodecs does (below 1 is 1, above 22 is 22)", async () => {
    const data = bigPayload("<i4").data.subarray(0, 1 << 16);
    const at = (level: number) => new Zstd({ level }).encode(data);
    const one = await at(1);
    expect(await at(0)).toEqual(one);
    expect(await at(-5)).toEqual(one);
    expect(await at(23)).toEqual(await at(22));
    expect(await at(3)).not.toEqual(one);
  });
});

describe.each(LEVELS.map((level, i) => [level, i] as const))("level %i", (level, i) => {
  const codec = new Zstd({ level });
  const payloads = () => payloadsOf(level);

  it("round-trips every payload", async () => {
    for (const [k, p] of payloads().entries()) {
      expect(sameBytes(await codec.decode(ours[i]![k]!), p.data), p.name).toBe("equal");
    }
  });

  it("is decoded by numcodecs", () => {
    for (const [k, p] of payloads().entries()) {
      const got = results[i]!.decoded[k]!;
      if (p.data.length === 0) {
        // numcodecs 0.11 reads a declared size of 0 as "unknown" and fails, on its own bytes too.
        expect(sameBytes(results[i]!.encoded[k]!, ours[i]![k]!)).toBe("equal");
        expect(got).toEqual({
          error: "RuntimeError('Zstd decompression error: invalid input data')",
        });
      } else {
        expect(sameBytes(got, p.data), p.name).toBe("equal");
      }
    }
  });

  it("decodes numcodecs' encodings", async () => {
    for (const [k, p] of payloads().entries()) {
      const theirs = results[i]!.encoded[k]!;
      expect(sameBytes(await codec.decode(theirs), p.data), p.name).toBe("equal");
      const out = new Uint8Array(p.data.length);
      expect(await codec.decode(theirs, out)).toBe(out);
      expect(sameBytes(out, p.data), p.name).toBe("equal");
    }
  });
});

describe("large chunks", () => {
  it.each(big.map((p, k) => [p.name, p, k] as const))("%s both ways", async (_n, p, k) => {
    expect(sameBytes(bigResult.decoded[k]!, p.data)).toBe("equal");
    expect(sameBytes(await new Zstd().decode(bigResult.encoded[k]!), p.data)).toBe("equal");
    expect(sameBytes(await new Zstd().decode(oursBig[k]!), p.data)).toBe("equal");
  });

  it("round-trips 64 MiB", async () => {
    const data = bigPayload("<i4").data;
    const huge = new Uint8Array(64 << 20);
    for (let o = 0; o < huge.length; o += data.length)
      huge.set(data.subarray(0, huge.length - o), o);
    huge[huge.length - 1] = 7;
    const codec = new Zstd({ level: 3 });
    const back = await codec.decode(await codec.encode(huge));
    expect(sameBytes(back, huge)).toBe("equal");
  });
});

describe("zarr-python fixtures", () => {
  it("decodes every zstd chunk as numcodecs does", async () => {
    // codec_zstd.zarr, the one zstd fixture: shape (37, 23) in (10, 7) chunks, 4 x 4 of them.
    expect(fixtures).toHaveLength(16);
    const codec = Zstd.fromConfig(fixtures[0]!.entry.compressor as never);
    for (const [k, f] of fixtures.entries()) {
      expect(
        sameBytes(await codec.decode(f.bytes), fixtureResult.decoded[k] as Uint8Array),
        f.name,
      ).toBe("equal");
    }
  });

  const zstdFixtures = fixtureManifest().filter((f) => f.compressor?.id === "zstd");
  it.each(zstdFixtures.map((f) => [f.store, f] as const))(
    "%s reads as its manifest values",
    async (_s, f) => {
      const z = await openFixtureArray(f);
      expect(String(z.compressor)).toBe("Zstd(level=1)");
      const values = await z.get(null);
      expect(Array.from(values.data as ArrayLike<number>).map(toManifestValue)).toEqual(f.values);
    },
  );
});

/** The zstd command-line tool (the reference zstd 1.5.4) compressing from a pipe. */
function zstdCli(data: Uint8Array, ...args: string[]): Uint8Array {
  const r = spawnSync("zstd", ["-c", "-q", ...args], { input: data, maxBuffer: 1 << 30 });
  if (r.error || r.status !== 0) throw new Error(`zstd CLI failed: ${r.error ?? r.stderr}`);
  return new Uint8Array(r.stdout);
}

/** numcodecs' frame rewritten without its declared size (a window size in its place). */
function withoutContentSize(frame: Uint8Array): Uint8Array {
  const fhd = frame[4]!;
  const singleSegment = (fhd >> 5) & 1;
  const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][fhd >> 6]!;
  expect(fhd & 3).toBe(0); // no dictionary id
  const headerEnd = 5 + (singleSegment ? 0 : 1) + fcsBytes;
  let window = frame[5]!;
  if (singleSegment) {
    let content = 0;
    for (let b = fcsBytes - 1; b >= 0; b--) content = content * 256 + frame[5 + b]!;
    content += fcsBytes === 2 ? 256 : 0;
    window = (Math.max(10, Math.ceil(Math.log2(Math.max(content, 1)))) - 10) << 3;
  }
  const out = new Uint8Array(6 + frame.length - headerEnd);
  out.set(frame.subarray(0, 4));
  out[4] = fhd & 0x04; // keep the checksum flag; no size, not single-segment
  out[5] = window;
  out.set(frame.subarray(headerEnd), 6);
  return out;
}

describe("frames numcodecs does not write", () => {
  const payloads: Payload[] = [
    ...few.filter((p) => p.data.length > 0),
    { name: "1 MiB of zeros", data: new Uint8Array(1 << 20) },
    bigPayload("<i4"),
  ];

  it("decodes frames without a declared size, with and without a size hint", async () => {
    const theirs = compressorReference([
      { config: { id: "zstd", level: 1 }, encode: payloads.map((p) => p.data) },
    ])[0]!;
    const codec = new Zstd();
    for (const [k, p] of payloads.entries()) {
      const frame = withoutContentSize(theirs.encoded[k]!);
      expect(sameBytes(await codec.decode(frame), p.data), p.name).toBe("equal");
      const out = new Uint8Array(p.data.length);
      await codec.decode(frame, out);
      expect(sameBytes(out, p.data), p.name).toBe("equal");
      expect(
        sameBytes(
          await codec.decode(frame, undefined, {
            dtype: "|u1",
            itemsize: 1,
            shape: [p.data.length],
            nbytes: p.data.length,
          }),
          p.data,
        ),
      ).toBe("equal");
      // The zstd tool writes such frames (with a checksum) when it reads a pipe.
      const cli = zstdCli(p.data, "-3", "--check");
      expect(cli[4]! >> 6, "no declared size").toBe(0);
      expect(sameBytes(await codec.decode(cli), p.data), `zstd CLI ${p.name}`).toBe("equal");
    }
  });

  it("decodes several frames and skippable frames in one chunk", async () => {
    const a = payloads[1]!.data;
    const b = payloads[2]!.data;
    const fa = await new Zstd().encode(a);
    const fb = withoutContentSize(await new Zstd({ level: 5 }).encode(b));
    const skippable = Uint8Array.from([0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
    const chunk = Buffer.concat([skippable, fa, skippable, fb, skippable]);
    const expected = Buffer.concat([a, b]);
    const codec = new Zstd();
    expect(sameBytes(await codec.decode(new Uint8Array(chunk)), new Uint8Array(expected))).toBe(
      "equal",
    );
    const out = new Uint8Array(expected.length);
    await codec.decode(new Uint8Array(chunk), out);
    expect(sameBytes(out, new Uint8Array(expected))).toBe("equal");
  });
});

describe("corrupt and truncated input", () => {
  const payload = bigPayload("<i4").data.subarray(0, 300_000);
  let good: Uint8Array;
  beforeAll(async () => {
    good = await new Zstd().encode(payload);
  });

  it("throws on every truncation", async () => {
    const codec = new Zstd();
    for (const cut of [0, 1, 4, 5, 8, 12, Math.floor(good.length / 2), good.length - 1]) {
      await expect(codec.decode(good.subarray(0, cut)), `cut at ${cut}`).rejects.toThrow(
        /^zstd: corrupt or truncated data/,
      );
    }
  });

  it("throws on garbage, stray bytes and bad headers", async () => {
    const codec = new Zstd();
    await expect(codec.decode(new Uint8Array(64).fill(0x5a))).rejects.toThrow(
      "zstd: corrupt or truncated data: not a Zstandard frame",
    );
    const trailing = new Uint8Array(good.length + 5);
    trailing.set(good);
    await expect(codec.decode(trailing)).rejects.toThrow(
      "bytes after frame 1 are not a Zstandard frame",
    );
    const reserved = good.slice();
    reserved[4]! |= 0x08;
    await expect(codec.decode(reserved)).rejects.toThrow("reserved bit");
    const dict = good.slice();
    dict[4] = (dict[4]! & ~3) | 1; // claims a 1-byte dictionary id
    await expect(codec.decode(dict)).rejects.toThrow(CodecError);
  });

  it("throws when the frame checksum does not match", async () => {
    const cli = zstdCli(payload, "-1", "--check");
    const bad = cli.slice();
    bad[bad.length - 1]! ^= 0xff;
    await expect(new Zstd().decode(bad)).rejects.toThrow(
      "zstd: corrupt or truncated data: checksum mismatch",
    );
  });

  it("throws when the data do not fit the chunk", async () => {
    await expect(new Zstd().decode(good, new Uint8Array(payload.length - 1))).rejects.toThrow(
      `zstd: the frame's declared size is ${payload.length} bytes, more than the ${payload.length - 1} bytes this decode may produce`,
    );
    await expect(new Zstd().decode(good, new Uint8Array(payload.length + 1))).rejects.toThrow(
      `zstd: decompressed ${payload.length} bytes, but the chunk holds ${payload.length + 1} bytes`,
    );
  });
});
