// Archives whose directory lies about sizes and offsets: each must fail with a ZarrError naming
// the member and the file, before any buffer of the claimed size is allocated.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { ZarrError } from "@zarrkit/core";
import { afterAll, describe, expect, it } from "vitest";
import {
  centralDirectory,
  endRecords,
  localHeader,
  storedEntry,
  type ZipEntry,
} from "../src/zip-format.js";
import { crc32 } from "../src/crc32-native.js";
import { ZipStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-zip-bombs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

interface Member {
  name: string;
  /** The bytes as they sit in the file. */
  data: Uint8Array;
  method?: number;
  /** Lies to tell in the central directory only (the local header tells the truth). */
  central?: Partial<Pick<ZipEntry, "size" | "compressedSize" | "offset" | "crc">>;
  /** The real uncompressed size and CRC for deflated members. */
  size?: number;
  crc?: number;
}

/** A zip file of `members`, written with the format module's own record builders. */
function zipFile(members: Member[], zip64 = false): string {
  const parts: Uint8Array[] = [];
  const entries: ZipEntry[] = [];
  let pos = 0;
  for (const m of members) {
    const e = storedEntry(m.name, m.data, pos, new Date(2024, 0, 1));
    e.method = m.method ?? 0;
    if (m.size !== undefined) e.size = m.size;
    if (m.crc !== undefined) e.crc = m.crc;
    const h = localHeader(e, false);
    parts.push(h, m.data);
    pos += h.length + m.data.length;
    entries.push({ ...e, ...m.central });
  }
  const cd = centralDirectory(entries, zip64);
  parts.push(cd, endRecords(entries.length, cd.length, pos, zip64));
  const path = join(tmp, `b${n++}.zip`);
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

async function failure(path: string, key: string): Promise<Error> {
  const s = new ZipStore(path, { mode: "r" });
  try {
    const err = await s.get(key).then(
      () => undefined,
      (e: Error) => e,
    );
    if (err === undefined) throw new Error(`reading ${key} of ${path} did not fail`);
    return err;
  } finally {
    await s.close();
  }
}

function expectNamed(err: Error, key: string, path: string, rule: RegExp): void {
  expect(err).toBeInstanceOf(ZarrError);
  expect(err).not.toBeInstanceOf(RangeError);
  expect(err.message).toContain(JSON.stringify(key));
  expect(err.message).toContain(path);
  expect(err.message).toMatch(rule);
}

describe("ZipStore against lying archives", () => {
  it("stops inflating a member at its declared size (a 64 MiB bomb declaring 1 KiB)", async () => {
    const plain = new Uint8Array(64 << 20);
    const bomb = deflateRawSync(plain, { level: 9 });
    const path = zipFile([
      { name: "ok", data: new Uint8Array([1, 2, 3]) },
      { name: "arr/0", data: bomb, method: 8, size: 1024, crc: crc32(plain.subarray(0, 1024)) },
    ]);
    const err = await failure(path, "arr/0");
    expectNamed(err, "arr/0", path, /inflates to more than its declared 1024 bytes/);
    // the other members stay readable
    const s = new ZipStore(path, { mode: "r" });
    expect(await s.get("ok")).toEqual(new Uint8Array([1, 2, 3]));
    await s.close();
  });

  it("reads an honest deflated member (the bound is exact, not below the size)", async () => {
    const plain = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) % 7);
    const path = zipFile([
      {
        name: "d",
        data: deflateRawSync(plain),
        method: 8,
        size: plain.length,
        crc: crc32(plain),
      },
      { name: "empty", data: deflateRawSync(new Uint8Array(0)), method: 8, size: 0, crc: 0 },
    ]);
    const s = new ZipStore(path, { mode: "r" });
    expect(await s.get("d")).toEqual(plain);
    expect(await s.get("empty")).toEqual(new Uint8Array(0));
    await s.close();
  });

  it("a 120-byte zip whose compressed size reads 0xF0000000", async () => {
    const path = zipFile([
      { name: "0", data: new Uint8Array([9, 9, 9, 9]), central: { compressedSize: 0xf0000000 } },
    ]);
    const err = await failure(path, "0");
    expectNamed(err, "0", path, /compressed size 4026531840 is larger than the file \(\d+ bytes\)/);
  });

  it("the same lie on a deflated member, and in getRange", async () => {
    const plain = new Uint8Array(10).fill(3);
    const path = zipFile([
      {
        name: "z",
        data: deflateRawSync(plain),
        method: 8,
        size: 10,
        crc: crc32(plain),
        central: { compressedSize: 0xf0000000 },
      },
      {
        name: "s",
        data: new Uint8Array(8),
        central: { compressedSize: 0xf0000000, size: 0xf0000000 },
      },
    ]);
    expectNamed(await failure(path, "z"), "z", path, /larger than the file/);
    const s = new ZipStore(path, { mode: "r" });
    const err = await s.getRange("s", { offset: 0, length: 4 }).catch((e: Error) => e);
    expectNamed(err as Error, "s", path, /larger than the file/);
    await s.close();
  });

  it("zip64 sizes of 2^50 and beyond 2^53", async () => {
    const big = 2 ** 50;
    const stored = zipFile(
      [{ name: "a/0.0", data: new Uint8Array(4), central: { size: big, compressedSize: big } }],
      true,
    );
    expectNamed(
      await failure(stored, "a/0.0"),
      "a/0.0",
      stored,
      /compressed size 1125899906842624/,
    );
    const deflated = zipFile(
      [
        {
          name: "a/0.1",
          data: deflateRawSync(new Uint8Array(4)),
          method: 8,
          size: 4,
          crc: crc32(new Uint8Array(4)),
          central: { size: big },
        },
      ],
      true,
    );
    expectNamed(
      await failure(deflated, "a/0.1"),
      "a/0.1",
      deflated,
      /declares 1125899906842624 bytes, more than \d+ deflated bytes can hold/,
    );
    const huge = zipFile(
      [{ name: "a/1.0", data: new Uint8Array(4), central: { size: 2 ** 60, compressedSize: 4 } }],
      true,
    );
    let err: unknown;
    try {
      new ZipStore(huge, { mode: "r" });
    } catch (e) {
      err = e;
    }
    expectNamed(err as Error, "a/1.0", huge, /zip64 size .* is 1152921504606846976, too large/);
  });

  it("a local header offset past the end of the file", async () => {
    const path = zipFile([{ name: "x", data: new Uint8Array(2), central: { offset: 0x7fff0000 } }]);
    expectNamed(await failure(path, "x"), "x", path, /local header offset 2147418112 lies past/);
  });

  it("a stored member whose sizes disagree", async () => {
    const path = zipFile([{ name: "y", data: new Uint8Array(6), central: { size: 1 << 20 } }]);
    expectNamed(
      await failure(path, "y"),
      "y",
      path,
      /stored member declares 1048576 bytes but holds 6/,
    );
  });
});
