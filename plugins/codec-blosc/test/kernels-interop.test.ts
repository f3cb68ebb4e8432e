import { compressorReference, dtypeBytes, noise, sameBytes } from "@zarrkit/codec-test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Blosc, setKernelsEnabled } from "../src/index.js";
import { shuffle } from "../src/shuffle.js";

/**
 * Blosc lz4 chunks written with the WebAssembly kernels and with the JavaScript path, each
 * compared byte for byte with numcodecs 0.11's (c-blosc + liblz4, live through /usr/bin/python3),
 * and the other cnames' chunks decoded by numcodecs.
 */
interface DataSet {
  name: string;
  dtype: string;
  data: Uint8Array;
}

const ramp = new Uint8Array(Int32Array.from({ length: 300_000 }, (_, i) => i).buffer);
const shuffledRamp = new Uint8Array(ramp.length);
shuffle(4, ramp, 0, shuffledRamp, 0, ramp.length);

const DATA: DataSet[] = [
  { name: "random bytes", dtype: "|u1", data: noise(200_000, 21) },
  { name: "random <i4", dtype: "<i4", data: noise(400_000, 22) },
  {
    name: "runs <u2",
    dtype: "<u2",
    data: new Uint8Array(Uint16Array.from({ length: 150_001 }, (_, i) => (i >> 9) % 7).buffer),
  },
  { name: "int32 ramp", dtype: "<i4", data: ramp },
  { name: "shuffled int32 ramp", dtype: "<i4", data: shuffledRamp },
  { name: "smooth <i4 (4 MiB)", dtype: "<i4", data: dtypeBytes("<i4", 1 << 20, 23) },
  { name: "<f8", dtype: "<f8", data: dtypeBytes("<f8", 65_537, 24) },
  { name: "|V3", dtype: "|V3", data: dtypeBytes("<u2", 90_000, 25).subarray(0, 3 * 60_000) },
  { name: "short: 127 bytes", dtype: "|u1", data: noise(127, 26) },
  { name: "short: 130 bytes", dtype: "|u1", data: new Uint8Array(130) },
  { name: "short: 200 bytes <i4", dtype: "<i4", data: dtypeBytes("<i4", 50, 27) },
];

/** A byte length that is not a multiple of the typesize: numcodecs sees the data as |u1 then. */
const ragged: DataSet[] = [
  { name: "<i4 data of 100003 bytes, typesize 4", dtype: "|V4", data: noise(100_003, 28) },
];

const itemsizeOf = (dtype: string) => Number(dtype.slice(2));
const CONFIGS = [
  { cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 },
  { cname: "lz4", clevel: 5, shuffle: 0, blocksize: 0 },
  { cname: "lz4", clevel: 5, shuffle: 2, blocksize: 0 },
  { cname: "lz4", clevel: 1, shuffle: 1, blocksize: 0 },
  { cname: "lz4", clevel: 9, shuffle: 2, blocksize: 0 },
  { cname: "lz4", clevel: 5, shuffle: 1, blocksize: 4096 },
];

type Encodings = Record<"wasm" | "js", Uint8Array[][]>;
const ours: Encodings = { wasm: [], js: [] };
let theirs: Uint8Array[][];

async function encodeAll(enabled: boolean): Promise<Uint8Array[][]> {
  setKernelsEnabled(enabled);
  return Promise.all(
    CONFIGS.map((c) => {
      const codec = new Blosc(c);
      return Promise.all(
        DATA.map((d) =>
          codec.encode(d.data, {
            dtype: d.dtype,
            itemsize: itemsizeOf(d.dtype),
            shape: [d.data.length / itemsizeOf(d.dtype)],
          }),
        ),
      );
    }),
  );
}

beforeAll(async () => {
  ours.wasm = await encodeAll(true);
  ours.js = await encodeAll(false);
  setKernelsEnabled(true);
  const results = compressorReference(
    CONFIGS.flatMap((c) =>
      DATA.map((d) => ({ config: { id: "blosc", ...c }, dtype: d.dtype, encode: [d.data] })),
    ),
  );
  theirs = CONFIGS.map((_, i) => DATA.map((_, j) => results[i * DATA.length + j]!.encoded[0]!));
}, 300_000);

afterAll(() => setKernelsEnabled(true));

describe.each(CONFIGS.map((c, i) => [JSON.stringify(c), i] as const))("%s", (_, i) => {
  it.each(["wasm", "js"] as const)("with the %s path writes exactly numcodecs' bytes", (path) => {
    DATA.forEach((d, j) => {
      expect(sameBytes(ours[path][i]![j]!, theirs[i]![j]!), `${d.name}`).toBe("equal");
    });
  });
});

describe("a typesize that does not divide the data", () => {
  it.each([1, 2])("shuffle %i: both paths write the same bytes and read them back", async (s) => {
    for (const d of ragged) {
      const codec = new Blosc({ cname: "lz4", shuffle: s });
      const info = { dtype: d.dtype, itemsize: 4, shape: [Math.floor(d.data.length / 4)] };
      setKernelsEnabled(true);
      const wasm = await codec.encode(d.data, info);
      setKernelsEnabled(false);
      const js = await codec.encode(d.data, info);
      setKernelsEnabled(true);
      expect(sameBytes(wasm, js), d.name).toBe("equal");
      expect(sameBytes(await codec.decode(wasm), d.data), d.name).toBe("equal");
      // The header says typesize 4, which only c-blosc's tail rule makes decodable.
      expect(wasm[3]).toBe(4);
    }
  });
});

describe("other cnames with the kernels' shuffles", () => {
  it.each(["blosclz", "lz4hc", "snappy", "zlib", "zstd"])(
    "%s: the same bytes on both paths, and numcodecs decodes them",
    async (cname) => {
      const encoded: Uint8Array[] = [];
      for (const shuffleMode of [1, 2]) {
        for (const d of DATA.slice(2, 7)) {
          const codec = new Blosc({ cname, shuffle: shuffleMode });
          const info = { dtype: d.dtype, itemsize: itemsizeOf(d.dtype), shape: [0] };
          setKernelsEnabled(true);
          const wasm = await codec.encode(d.data, info);
          setKernelsEnabled(false);
          const js = await codec.encode(d.data, info);
          setKernelsEnabled(true);
          expect(sameBytes(wasm, js), `${d.name} shuffle ${shuffleMode}`).toBe("equal");
          encoded.push(wasm);
        }
      }
      const [r] = compressorReference([
        { config: { id: "blosc", cname, clevel: 5, shuffle: 1, blocksize: 0 }, decode: encoded },
      ]);
      let k = 0;
      for (const _ of [1, 2]) {
        for (const d of DATA.slice(2, 7)) {
          const got = r!.decoded[k++]!;
          expect(got instanceof Uint8Array ? sameBytes(got, d.data) : got, d.name).toBe("equal");
        }
      }
    },
    120_000,
  );
});
