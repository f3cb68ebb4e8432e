// Throughput of this package against lz4js (what @zarrkit/codec-lz4 used before) on a 4 MiB
// smooth int32 chunk, byte-shuffled as Blosc would hand it over. Medians of 15 runs.
import lz4jsModule from "lz4js";
import { compressBlock, compressBound, decompressBlock } from "../src/index.js";

const lz4js = lz4jsModule as unknown as {
  compressBlock(src: Uint8Array, dst: Uint8Array, s: number, n: number, h: Uint32Array): number;
  decompressBlock(src: Uint8Array, dst: Uint8Array, s: number, n: number, d: number): number;
};

const N = 1 << 20;
const ints = Int32Array.from({ length: N }, (_, i) => ((i >> 10) * 7 + (i & 1023)) % 1000);
const raw = new Uint8Array(ints.buffer);
const data = new Uint8Array(raw.length);
for (let i = 0; i < N; i++) for (let b = 0; b < 4; b++) data[b * N + i] = raw[i * 4 + b]!;

function median(f: () => void): number {
  const t: number[] = [];
  for (let k = 0; k < 3; k++) f();
  for (let k = 0; k < 15; k++) {
    const s = performance.now();
    f();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[7]!;
}
const mbps = (ms: number) => (data.length / 1e6 / (ms / 1e3)).toFixed(0);

const dst = new Uint8Array(compressBound(data.length));
let size = 0;
const ours = {
  enc: median(() => {
    size = compressBlock(data, dst);
  }),
  dec: 0,
};
const block = dst.slice(0, size);
const out = new Uint8Array(data.length);
ours.dec = median(() => decompressBlock(block, out));

const jsDst = new Uint8Array(compressBound(data.length));
const table = new Uint32Array(1 << 16);
let jsSize = 0;
const theirs = {
  enc: median(() => {
    table.fill(0);
    jsSize = lz4js.compressBlock(data, jsDst, 0, data.length, table);
  }),
  dec: 0,
};
const jsBlock = jsDst.slice(0, jsSize);
theirs.dec = median(() => lz4js.decompressBlock(jsBlock, out, 0, jsBlock.length, 0));

console.log(`4 MiB shuffled smooth int32, MB/s of input (median of 15)`);
console.log(
  `@zarrkit/lz4-block  encode ${mbps(ours.enc)}  decode ${mbps(ours.dec)}  ratio ${(data.length / size).toFixed(1)}`,
);
console.log(
  `lz4js 0.2.0         encode ${mbps(theirs.enc)}  decode ${mbps(theirs.dec)}  ratio ${(data.length / jsSize).toFixed(1)}`,
);
