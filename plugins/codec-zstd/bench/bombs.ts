// Memory after decompression bombs and decode throughput on a normal 4 MiB chunk, for
// Zstd and Blosc-zstd (and Blosc-lz4). One case per process, as WebAssembly memory never shrinks:
//   pnpm --filter @zarrkit/codec-zstd exec tsx --conditions=zarrkit-source bench/bombs.ts <case> [src dir]
// Cases: zstd-rle, zstd-12, blosc-39, blosc-nbytes, blosc-blocksize1, speed. The source dirs
// (default ../src and ../../codec-blosc/src) let an older copy be measured the same way.
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

const [which = "speed", zstdDir = "src", bloscDir = "../codec-blosc/src"] = process.argv.slice(2);
const { Zstd } = await import(resolve(zstdDir, "index.ts"));
const { Blosc } = await import(resolve(bloscDir, "index.ts"));
const { loadedKernels } = await import(resolve(bloscDir, "wasm/index.ts"));
const kernelsMemory = () => (loadedKernels()?.memory.buffer.byteLength ?? 0) as number;
const require = createRequire(import.meta.url);
const heap = () =>
  (require(join(dirname(require.resolve("@bokuweb/zstd-wasm")), "module.js")).Module.HEAPU8
    ?.length ?? 0) as number;
const MiB = 1024 * 1024;
const mib = (n: number) => `${(n / MiB).toFixed(1)} MiB`;
const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];

function bloscChunk(
  nbytes: number,
  blocksize: number,
  flags: number,
  body: number[],
  starts = [20],
) {
  const cbytes = 16 + 4 * starts.length + body.length;
  return Uint8Array.from([
    2,
    1,
    flags,
    1,
    ...le32(nbytes),
    ...le32(blocksize),
    ...le32(cbytes),
    ...starts.flatMap(le32),
    ...body,
  ]);
}

const bombs: Record<string, () => Promise<unknown>> = {
  "zstd-rle": () => {
    const b = [0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58];
    for (let i = 0; i < 8192; i++) {
      const v = ((128 * 1024) << 3) | 2 | (i === 8191 ? 1 : 0);
      b.push(v & 0xff, (v >>> 8) & 0xff, v >>> 16, 0x61);
    }
    return new Zstd().decode(Uint8Array.from(b), undefined, {
      dtype: "|u1",
      itemsize: 1,
      shape: [4 * MiB],
      nbytes: 4 * MiB,
    });
  },
  "zstd-12": () =>
    new Zstd().decode(
      Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0xa0, ...le32(1.1 * 2 ** 30), 1, 0, 0]),
    ),
  "blosc-39": () => {
    const frame = [0x28, 0xb5, 0x2f, 0xfd, 0xa0, ...le32(2 ** 30), (3 << 3) | 1, 0, 0, 1, 2, 3];
    return new Blosc().decode(
      bloscChunk(256, 256, (4 << 5) | 0x10, [...le32(frame.length), ...frame]),
    );
  },
  // 32 bytes: two block starts and one 4-byte stream.
  "blosc-nbytes": () =>
    new Blosc().decode(
      bloscChunk(2 ** 31 - 17, 2 ** 30, (1 << 5) | 0x10, [...le32(4), 0, 0, 0, 0], [24, 24]),
    ),
  "blosc-blocksize1": () =>
    new Blosc().decode(bloscChunk(2 ** 30, 1, (1 << 5) | 0x10, [0, 0, 0, 0])),
};

async function median(f: () => Promise<unknown>, n = 31): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[n >> 1]!;
}

if (which === "speed") {
  const data = new Uint8Array(
    new Float64Array(MiB / 2).map((_, i) => Math.sin(i / 300) * 1000 + (i % 7)).buffer,
  );
  const out = new Uint8Array(data.length);
  const info = { dtype: "<f8", itemsize: 8, shape: [MiB / 2], nbytes: data.length };
  for (const [name, codec] of [
    ["zstd", new Zstd()],
    ["blosc-zstd", new Blosc({ cname: "zstd", clevel: 5, shuffle: 1 })],
    ["blosc-lz4", new Blosc({ cname: "lz4", clevel: 5, shuffle: 1 })],
  ] as const) {
    const enc = await codec.encode(data, info);
    const ms = await median(() => codec.decode(enc, out, info));
    console.log(
      `${name}: 4 MiB chunk (${enc.length} B) decode median ${ms.toFixed(2)} ms = ${(4 / (ms / 1000)).toFixed(0)} MiB/s`,
    );
  }
} else {
  // Load zstd-wasm first, so the heap is measured from its size after start-up.
  await new Zstd().decode(await new Zstd().encode(new Uint8Array(100)));
  const h0 = heap();
  const r0 = process.memoryUsage().rss;
  const a0 = process.memoryUsage().arrayBuffers;
  let result = "decoded";
  try {
    await bombs[which]!();
  } catch (e) {
    result = `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
  const m = process.memoryUsage();
  const k = kernelsMemory();
  console.log(
    `${which}: heap ${mib(h0)} -> ${mib(heap())}, rss +${mib(m.rss - r0)}, arrayBuffers +${mib(m.arrayBuffers - a0)}, lz4 kernels' memory ${mib(k)}; ${result}`,
  );
}
