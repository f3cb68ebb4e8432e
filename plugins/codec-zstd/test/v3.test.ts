// Zstd's Zarr v3 form (`zstd`, `{ level, checksum }`), the frame content checksum it writes when
// asked (checked by numcodecs' libzstd, which verifies checksums), and the zstd chunks
// zarr-python 3.1 wrote, decoded by hand from the fixture files.
import { type ChunkInfo, codecConfigFromV3, codecConfigToV3, getCodec } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { Zstd } from "../src/index.js";
import {
  compressorReference,
  fewPayloads,
  sameBytes,
  tilingChunkKeys,
  v3Fixture,
  v3FixturesUsing,
} from "@zarrkit/codec-test-utils";

const info: ChunkInfo = { dtype: "|O", itemsize: 8, shape: [4] };

describe("zstd v3 configuration", () => {
  it("writes level and checksum, as zarr-python 3 does", () => {
    expect(codecConfigToV3(new Zstd({ level: 3 }).toConfig(), info)).toEqual({
      name: "zstd",
      configuration: { level: 3, checksum: false },
    });
    expect(codecConfigToV3(new Zstd({ level: 5, checksum: true }).toConfig(), info)).toEqual({
      name: "zstd",
      configuration: { level: 5, checksum: true },
    });
  });

  it("reads zarr-python's configuration and writes it back as it was", async () => {
    const written = { name: "zstd", configuration: { level: 0, checksum: false } };
    const config = codecConfigFromV3(written, info, "codecs[1]");
    // numcodecs 0.11 refuses a checksum key, so the config has one only when it is true.
    expect(config).toEqual({ id: "zstd", level: 0 });
    expect(codecConfigToV3(config, info)).toEqual(written);
    const on = { name: "zstd", configuration: { level: 2, checksum: true } };
    expect(codecConfigFromV3(on, info, "codecs[1]")).toEqual({
      id: "zstd",
      level: 2,
      checksum: true,
    });
    expect(codecConfigToV3(codecConfigFromV3(on, info, "c"), info)).toEqual(on);
    expect(((await getCodec(codecConfigFromV3(on, info, "c"))) as Zstd).checksum).toBe(true);
  });

  it("refuses a configuration outside the spec, naming the field", () => {
    const from = (configuration: Record<string, unknown>) => () =>
      codecConfigFromV3({ name: "zstd", configuration }, info, "codecs[1]");
    expect(from({ level: 1, checksum: "yes" })).toThrow(
      'codecs[1]: codec "zstd": zstd: "checksum" must be true or false, got "yes"',
    );
    expect(from({ checksum: false })).toThrow('zstd: the v3 configuration needs "level"');
    expect(from({ level: 1, checksum: false, dict: 1 })).toThrow(
      'unknown v3 configuration key "dict"',
    );
    expect(from({ level: 1.5, checksum: false })).toThrow('zstd: "level" must be an integer');
  });

  it("reads a configuration without checksum as checksum false", () => {
    expect(codecConfigFromV3({ name: "zstd", configuration: { level: 4 } }, info, "c")).toEqual({
      id: "zstd",
      level: 4,
    });
  });
});

describe("the frame content checksum", () => {
  const payloads = fewPayloads();

  it("is written in the frame and verified by libzstd (numcodecs 0.11)", async () => {
    const plain = await Promise.all(payloads.map((p) => new Zstd().encode(p.data)));
    const summed = await Promise.all(
      payloads.map((p) => new Zstd({ checksum: true }).encode(p.data)),
    );
    // Frame header descriptor bit 2 set, 4 more bytes (RFC 8878 3.1.1).
    for (let i = 0; i < payloads.length; i++) {
      expect(plain[i]![4]! & 0x04).toBe(0);
      expect(summed[i]![4]! & 0x04).toBe(0x04);
      expect(summed[i]!.length).toBe(plain[i]!.length + 4);
    }
    // A wrong checksum, each of its bytes in turn: libzstd must refuse it, which it does only
    // when it computes the same XXH64 and finds it differs from what is stored.
    const broken = summed.flatMap((s) =>
      [1, 2, 3, 4].map((k) => {
        const b = s.slice();
        b[b.length - k]! ^= 0x10;
        return b;
      }),
    );
    const [theirs] = compressorReference([
      { config: { id: "zstd", level: 1 }, decode: [...summed, ...broken] },
    ]);
    // numcodecs 0.11 cannot decode an empty frame (it reads the declared 0 as unknown).
    for (let i = 1; i < payloads.length; i++) {
      expect(sameBytes(theirs!.decoded[i]!, payloads[i]!.data), payloads[i]!.name).toBe("equal");
    }
    for (let j = 4; j < broken.length; j++) {
      expect(theirs!.decoded[summed.length + j], `broken ${j}`).toEqual({
        error: expect.stringContaining("Restored data doesn\\'t match checksum"),
      });
    }
  });

  it("round-trips every payload through this codec, the empty one included", async () => {
    for (const p of payloads) {
      const summed = await new Zstd({ checksum: true }).encode(p.data);
      expect(sameBytes(await new Zstd().decode(summed), p.data), p.name).toBe("equal");
    }
  });

  it("is verified when decoding", async () => {
    const data = payloads[3]!.data;
    const summed = await new Zstd({ checksum: true }).encode(data);
    expect(sameBytes(await new Zstd().decode(summed), data)).toBe("equal");
    const broken = summed.slice();
    broken[broken.length - 1]! ^= 1;
    await expect(new Zstd().decode(broken)).rejects.toThrow(
      "zstd: corrupt or truncated data: checksum mismatch",
    );
  });

  it("covers data larger than one hashing slice", async () => {
    const big = new Uint8Array(3 * (1 << 20) + 5).map((_, i) => (i * 31) % 251);
    const summed = await new Zstd({ checksum: true }).encode(big);
    const [theirs] = compressorReference([{ config: { id: "zstd", level: 1 }, decode: [summed] }]);
    expect(sameBytes(theirs!.decoded[0]!, big)).toBe("equal");
  });

  it("shows in the repr and the config only when on", () => {
    expect(String(new Zstd({ checksum: true }))).toBe("Zstd(level=1, checksum=True)");
    expect(new Zstd({ checksum: true }).toConfig()).toEqual({
      id: "zstd",
      level: 1,
      checksum: true,
    });
    expect(new Zstd({ checksum: false }).toConfig()).toEqual({ id: "zstd", level: 1 });
  });
});

/** numcodecs' VLenUTF8 layout, read by hand: item count, then each item's length and bytes. */
function vlenItems(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true);
  const items: string[] = [];
  let p = 4;
  for (let i = 0; i < n; i++) {
    const len = view.getUint32(p, true);
    items.push(new TextDecoder().decode(bytes.subarray(p + 4, p + 4 + len)));
    p += 4 + len;
  }
  expect(p).toBe(bytes.length);
  return items;
}

describe("zarr-python 3.1's zstd chunks (fixtures/zarr-v3)", () => {
  const arrays = v3FixturesUsing("zstd");

  it("covers the fixture arrays that use zstd", () => {
    expect(arrays.map((e) => e.array).sort()).toEqual([
      "1d.chunked.string.vlen",
      "1d.contiguous.string.compressed",
      "1d.contiguous.string.vlen",
      "1d.string.empty",
      "1d.string.unicode",
      "2d.chunked.string.vlen",
    ]);
  });

  for (const entry of arrays) {
    it(`decodes ${entry.array}`, async () => {
      const f = v3Fixture(entry.array);
      const zstd = f.meta.codecs[1]!;
      expect(zstd.name).toBe("zstd");
      const codec = await getCodec(codecConfigFromV3(zstd, info, "codecs[1]"));
      const items: string[] = [];
      for (const key of tilingChunkKeys(f)) {
        items.push(...vlenItems((await codec.decode(f.chunk(key)!)) as Uint8Array));
      }
      expect(items).toEqual(entry.values);
    });
  }
});
