import { describe, expect, it } from "vitest";
import { Blosc, setKernelsEnabled } from "../src/index.js";
import { loadKernels } from "../src/wasm/index.js";
import { dtypeBytes, sameBytes } from "@zarrkit/codec-test-utils";

const info = (dtype: string, n: number) => ({
  dtype,
  itemsize: Number(dtype.slice(2)),
  shape: [n],
});

describe("WebAssembly kernels and the JavaScript fallback", () => {
  it("load from the committed base64 module", async () => {
    const k = await loadKernels();
    expect(k).not.toBeNull();
    expect(typeof k!.lz4).toBe("function");
  });

  it.each(["lz4", "lz4hc"])("%s decodes the same with and without them", async (cname) => {
    for (const [dtype, n] of [
      ["<i4", 300_001],
      ["<u2", 77_777],
      ["<f8", 50_000],
      ["|u1", 1_000_003],
    ] as const) {
      const data = dtypeBytes(dtype, n, 11);
      for (const shuffle of [0, 1, 2]) {
        const codec = new Blosc({ cname, shuffle });
        const enc = await codec.encode(data, info(dtype, n));
        setKernelsEnabled(false);
        const js = await codec.decode(enc);
        setKernelsEnabled(true);
        const wasm = await codec.decode(enc);
        expect(sameBytes(js, data), `${dtype} js`).toBe("equal");
        expect(sameBytes(wasm, data), `${dtype} wasm`).toBe("equal");
      }
    }
  });

  it("report corrupt LZ4 streams as blosc errors on both paths", async () => {
    const data = dtypeBytes("<i4", 50_000, 2);
    const enc = await new Blosc().encode(data, info("<i4", 50_000));
    for (const enabled of [false, true]) {
      setKernelsEnabled(enabled);
      let errors = 0;
      for (let k = 0; k < 300; k++) {
        const b = enc.slice();
        b[16 + ((k * 104_729) % (enc.length - 16))]! ^= 1 << (k % 8);
        try {
          expect((await new Blosc().decode(b)).length).toBe(data.length);
        } catch (e) {
          expect((e as Error).message).toMatch(/^blosc: /);
          errors++;
        }
      }
      // Only some flips are detectable (a flipped literal is not): a bound.
      expect(errors).toBeGreaterThan(0);
    }
    setKernelsEnabled(true);
  });
});
