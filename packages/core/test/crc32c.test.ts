import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CodecError } from "../src/errors.js";
import { CRC32C_V3, Crc32c, crc32c, createCrc32c } from "../src/codecs/crc32c.js";

const FIXTURES = "/work/shared/fixtures/zarr-v3/data.zarr";

describe("crc32c", () => {
  // RFC 3720 (iSCSI), appendix B.4, and the usual "123456789" check value of CRC-32C.
  it.each([
    ["32 zero bytes", new Uint8Array(32), 0x8a9136aa],
    ["32 bytes of 0xff", new Uint8Array(32).fill(0xff), 0x62a8ab43],
    ["32 ascending bytes", Uint8Array.from({ length: 32 }, (_, i) => i), 0x46dd794e],
    ["32 descending bytes", Uint8Array.from({ length: 32 }, (_, i) => 31 - i), 0x113fdb5c],
    ["123456789", new TextEncoder().encode("123456789"), 0xe3069283],
    ["no bytes", new Uint8Array(0), 0],
  ])("checksums %s as the RFC 3720 vectors say", (_name, bytes, expected) => {
    expect(crc32c(bytes)).toBe(expected);
  });

  it("continues a checksum across pieces, at every split point of a long input", () => {
    const bytes = new TextEncoder().encode("The quick brown fox jumps over the lazy dog, twice.");
    const whole = crc32c(bytes);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(crc32c(bytes.subarray(cut), crc32c(bytes.subarray(0, cut)))).toBe(whole);
    }
  });

  it("appends the checksum little endian and strips it on decode", () => {
    const codec = new Crc32c();
    const data = new TextEncoder().encode("123456789");
    const encoded = codec.encode(data);
    expect([...encoded.subarray(9)]).toEqual([0x83, 0x92, 0x06, 0xe3]);
    expect([...codec.decode(encoded)]).toEqual([...data]);
  });

  it("refuses corrupted data, naming both checksums", () => {
    const codec = new Crc32c();
    const encoded = codec.encode(new TextEncoder().encode("123456789"));
    encoded[0] ^= 1;
    expect(() => codec.decode(encoded)).toThrow(CodecError);
    expect(() => codec.decode(encoded)).toThrow(/stored one is 0xe3069283/);
    expect(() => codec.decode(new Uint8Array(3))).toThrow(/shorter than the 4-byte checksum/);
  });

  it("verifies the index of a shard written by zarr-python 3", () => {
    // One inner chunk at the shard's start, then its index (offset 0, nbytes) and checksum.
    const shard = readFileSync(`${FIXTURES}/1d.contiguous.compressed.sharded.i2/c/0`);
    const index = new Crc32c().decode(new Uint8Array(shard.subarray(shard.length - 20)));
    const view = new DataView(index.buffer, index.byteOffset, index.byteLength);
    expect(view.getBigUint64(0, true)).toBe(0n);
    expect(view.getBigUint64(8, true)).toBe(BigInt(shard.length - 20));
    const bad = new Uint8Array(shard.subarray(shard.length - 20));
    bad[8] ^= 0x40;
    expect(() => new Crc32c().decode(bad)).toThrow(/checksum mismatch/);
  });

  it("takes no configuration, in either format", () => {
    expect(createCrc32c({ id: "crc32c" }).toConfig()).toEqual({ id: "crc32c" });
    expect(() => createCrc32c({ id: "crc32c", level: 1 })).toThrow(/"level"/);
    const info = { dtype: "|u1", itemsize: 1, shape: [4] };
    expect(CRC32C_V3.fromV3!({}, info)).toEqual({ id: "crc32c" });
    expect(() => CRC32C_V3.fromV3!({ seed: 1 }, info)).toThrow(/"seed"/);
    expect(CRC32C_V3.toV3!({ id: "crc32c" }, info)).toEqual({});
  });

  it("reports four more bytes as its encoded size", () => {
    const info = { dtype: "|u1", itemsize: 1, shape: [10], nbytes: 10 };
    expect(new Crc32c().encodedInfo(info).nbytes).toBe(14);
  });
});
