/**
 * Why codec-zlib uses node:zlib in Node and pako elsewhere: encode/decode throughput of one
 * 4 MiB int32 chunk of smooth data at level 1 (the numcodecs default), medians of several runs.
 *
 *   cd plugins/codec-zlib && npx tsx bench/throughput.ts [runs]
 */
import { promisify } from "node:util";
import * as nodeZlib from "node:zlib";
import * as fflate from "fflate";
import * as pako from "pako";

const RUNS = Number(process.argv[2] ?? 15);
const values = Int32Array.from(
  { length: 1 << 20 },
  (_, i) => Math.round(10_000 * Math.sin(i / 5000)) + (i >> 10),
);
const data = new Uint8Array(values.buffer);

type Fn = (input: Uint8Array) => Uint8Array | Promise<Uint8Array>;

async function streamThrough(
  input: Uint8Array,
  stream: GenericTransformStream,
): Promise<Uint8Array> {
  const body = new Blob([input as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

const deflateAsync = promisify(nodeZlib.deflate);
const inflateAsync = promisify(nodeZlib.inflate);

const engines: { name: string; encode: Fn; decode: Fn }[] = [
  {
    name: "pako 3",
    encode: (d) => pako.deflate(d, { level: 1 }),
    decode: (c) => pako.inflate(c, { windowBits: 15 }),
  },
  {
    name: "pako 3, legacyHash (canonical zlib output)",
    encode: (d) => pako.deflate(d, { level: 1, legacyHash: true }),
    decode: (c) => pako.inflate(c, { windowBits: 15, chunkSize: data.length + 64 }),
  },
  {
    name: "node:zlib sync",
    encode: (d) => nodeZlib.deflateSync(d, { level: 1 }),
    decode: (c) => nodeZlib.inflateSync(c),
  },
  {
    name: "node:zlib sync, chunkSize=output",
    encode: (d) => nodeZlib.deflateSync(d, { level: 1, chunkSize: 1 << 20 }),
    decode: (c) => nodeZlib.inflateSync(c, { chunkSize: data.length }),
  },
  {
    name: "node:zlib async (thread pool)",
    encode: (d) => deflateAsync(d, { level: 1 }),
    decode: (c) => inflateAsync(c, { chunkSize: data.length }),
  },
  {
    name: "fflate 0.8",
    encode: (d) => fflate.zlibSync(d, { level: 1 }),
    decode: (c) => fflate.unzlibSync(c, { out: new Uint8Array(data.length) }),
  },
  {
    name: "CompressionStream/DecompressionStream (no level: 6)",
    encode: (d) => streamThrough(d, new CompressionStream("deflate")),
    decode: (c) => streamThrough(c, new DecompressionStream("deflate")),
  },
];

async function median(fn: () => unknown, runs: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

const mbps = (ms: number) => (data.length / 1e6 / (ms / 1e3)).toFixed(0);
const reference = nodeZlib.deflateSync(data, { level: 1 });
console.log(
  `4 MiB smooth int32 chunk, level 1, ${RUNS} runs each, Node ${process.version}; MB/s of uncompressed bytes`,
);
console.log("engine | encode MB/s | decode MB/s | compressed bytes");
for (const e of engines) {
  const enc = await median(() => e.encode(data), RUNS);
  const dec = await median(() => e.decode(reference), RUNS);
  const out = await e.decode(await e.encode(data));
  if (Buffer.compare(Buffer.from(out), Buffer.from(data)) !== 0)
    throw new Error(`${e.name}: round trip differs`);
  const size = (await e.encode(data)).length;
  console.log(`${e.name} | ${mbps(enc)} | ${mbps(dec)} | ${size}`);
}
