import { runPythonJson } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";
import { compressBlock, compressBound, decompressBlock, Lz4FormatError } from "../src/index.js";

// The reference: liblz4 itself (the library numcodecs and c-blosc link), called through ctypes.
const LIBLZ4 = `
import base64, ctypes, json, sys
lib = ctypes.CDLL("liblz4.so.1")
out = []
for case in json.load(sys.stdin):
    src = base64.b64decode(case["data"])
    cap = case["capacity"]
    dst = ctypes.create_string_buffer(max(cap, 1))
    n = lib.LZ4_compress_fast(src, dst, len(src), cap, case["acceleration"])
    out.append(base64.b64encode(dst.raw[:n]).decode())
print(json.dumps(out))
`;

interface Case {
  name: string;
  data: Uint8Array;
  capacity: number;
  acceleration: number;
}

const b64 = (u: Uint8Array) => Buffer.from(u).toString("base64");

function liblz4(cases: Case[]): Uint8Array[] {
  const spec = cases.map((c) => ({
    data: b64(c.data),
    capacity: c.capacity,
    acceleration: c.acceleration,
  }));
  return runPythonJson<string[]>(LIBLZ4, JSON.stringify(spec)).map(
    (s) => new Uint8Array(Buffer.from(s, "base64")),
  );
}

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Payloads like real chunks: smooth int32 fields, their byte-shuffled form, text, noise. */
function payloads(): { name: string; data: Uint8Array }[] {
  const r = rng(42);
  const smooth = (n: number) =>
    new Uint8Array(
      Int32Array.from({ length: n }, (_, i) => ((i >> 6) * 7 + (i % 64)) % 1000).buffer,
    );
  const shuffled = (bytes: Uint8Array) => {
    const out = new Uint8Array(bytes.length);
    const n = bytes.length / 4;
    for (let i = 0; i < n; i++) for (let b = 0; b < 4; b++) out[b * n + i] = bytes[i * 4 + b]!;
    return out;
  };
  const noise = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
  const sparse = (n: number) => Uint8Array.from({ length: n }, () => (r() < 0.05 ? r() * 256 : 0));
  const text = (n: number) => {
    const words = ["zarr", "chunk", "array", "blosc", "store", "lz4", " ", "\n", "group"];
    const s: string[] = [];
    let len = 0;
    while (len < n) {
      const w = words[Math.floor(r() * words.length)]!;
      s.push(w);
      len += w.length;
    }
    return new TextEncoder().encode(s.join("")).subarray(0, n);
  };
  const out: { name: string; data: Uint8Array }[] = [];
  for (const n of [0, 1, 5, 12, 13, 14, 20, 64, 100]) {
    out.push({ name: `zeros-${n}`, data: new Uint8Array(n) });
    out.push({ name: `noise-${n}`, data: noise(n) });
  }
  out.push({ name: "smooth-64K", data: smooth(16384) });
  out.push({ name: "smooth-64K+10", data: smooth(16384).subarray(0, 65546) });
  out.push({ name: "smooth-64K+11", data: new Uint8Array(smooth(16387).buffer, 0, 65547) });
  out.push({ name: "shuffled-256K", data: shuffled(smooth(65536)) });
  out.push({ name: "smooth-1M", data: smooth(262144) });
  out.push({ name: "sparse-300K", data: sparse(300_000) });
  out.push({ name: "text-200K", data: text(200_000) });
  out.push({ name: "noise-70K", data: noise(70_000) });
  out.push({ name: "zeros-1M", data: new Uint8Array(1 << 20) });
  // Matches further apart than 64 KiB can only be found by the 32-bit table's distance rule.
  const far = noise(200_000);
  far.set(far.subarray(0, 50_000), 120_000);
  out.push({ name: "far-repeat-200K", data: far });
  return out;
}

describe("compressBlock matches liblz4 1.9 byte for byte", () => {
  const cases: Case[] = [];
  for (const p of payloads()) {
    for (const acceleration of [1, 5, 9]) {
      cases.push({ ...p, capacity: compressBound(p.data.length), acceleration });
      // Bounded output as c-blosc asks for it: no more than the input size.
      cases.push({ ...p, capacity: p.data.length, acceleration });
    }
  }
  cases.push({
    ...payloads().find((p) => p.name === "text-200K")!,
    capacity: 1000,
    acceleration: 1,
  });
  cases.push({ ...payloads().at(-1)!, capacity: compressBound(200_000), acceleration: 70_000 });
  const expected = liblz4(cases);

  it.each(cases.map((c, i) => [`${c.name} accel=${c.acceleration} cap=${c.capacity}`, i] as const))(
    "%s",
    (_name, i) => {
      const c = cases[i]!;
      const dst = new Uint8Array(c.capacity);
      const n = compressBlock(c.data, dst, c.acceleration);
      expect(Buffer.from(dst.subarray(0, n)).equals(Buffer.from(expected[i]!))).toBe(true);
      if (n > 0) {
        const back = new Uint8Array(c.data.length);
        expect(decompressBlock(dst.subarray(0, n), back)).toBe(c.data.length);
        expect(Buffer.from(back).equals(Buffer.from(c.data))).toBe(true);
      }
    },
  );
});

describe("decompressBlock", () => {
  const data = payloads().find((p) => p.name === "text-200K")!.data;
  const block = new Uint8Array(compressBound(data.length));
  const size = compressBlock(data, block);
  const good = block.subarray(0, size);

  it("decodes liblz4's own blocks", () => {
    const [theirs] = liblz4([
      { name: "t", data, capacity: compressBound(data.length), acceleration: 3 },
    ]);
    const out = new Uint8Array(data.length);
    decompressBlock(theirs!, out);
    expect(Buffer.from(out).equals(Buffer.from(data))).toBe(true);
  });

  it("rejects every truncation with Lz4FormatError, never a RangeError from reading past the end", () => {
    const out = new Uint8Array(data.length);
    for (const cut of [0, 1, 2, 100, size >> 1, size - 3, size - 1]) {
      expect(() => decompressBlock(good.subarray(0, cut), out)).toThrow(Lz4FormatError);
    }
  });

  it("rejects an output of the wrong size", () => {
    expect(() => decompressBlock(good, new Uint8Array(data.length - 1))).toThrow(/more than/);
    expect(() => decompressBlock(good, new Uint8Array(data.length + 1))).toThrow(/expected/);
  });

  it("rejects an offset before the start of the output", () => {
    // One literal, then a match 2 bytes back: only 1 byte has been written.
    const bad = Uint8Array.of(0x10, 0x41, 0x02, 0x00, 0x00);
    expect(() => decompressBlock(bad, new Uint8Array(10), false)).toThrow(/offset 2/);
  });

  it("survives random corruption: decodes or throws Lz4FormatError", () => {
    const r = rng(7);
    const out = new Uint8Array(data.length);
    let thrown = 0;
    for (let k = 0; k < 200; k++) {
      const bad = good.slice();
      for (let j = 0; j < 3; j++) bad[Math.floor(r() * bad.length)] = Math.floor(r() * 256);
      try {
        decompressBlock(bad, out);
      } catch (e) {
        expect(e).toBeInstanceOf(Lz4FormatError);
        thrown++;
      }
    }
    // How many of the 200 corruptions are detectable depends on where they land (a flipped
    // literal is not): a bound, so that the throwing path is known to have run.
    expect(thrown).toBeGreaterThan(0);
  });
});
