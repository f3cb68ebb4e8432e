// The shared decode-bound and fuzz helpers must catch what they exist to catch: a codec that
// decodes past its bound, fails with the wrong error class, or a fuzz report that broke a rule.
import { type Codec, CodecError, getDecodeLimit, ZarrError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import {
  boundEdge,
  boundRefusals,
  FUZZ_MEMORY_BOUND,
  type FuzzReport,
  fuzzBreaches,
  rejection,
} from "../src/index.js";

/** A "codec" whose decoded form is its input, refusing past the bound like a real one. */
function identity(options: { throwAs?: "range" } = {}): Codec {
  return {
    id: "identity",
    encode: (data) => data as Uint8Array,
    decode: (bytes, out, info) => {
      const bound = out?.byteLength ?? info?.nbytes ?? getDecodeLimit();
      if (bytes.length > bound) {
        if (options.throwAs === "range") throw new RangeError("offset is out of bounds");
        throw new CodecError(`identity: ${bytes.length} bytes, more than ${bound}`);
      }
      if (!out) return bytes.slice();
      out.set(bytes);
      return out;
    },
    toConfig: () => ({ id: "identity" }),
    toString: () => "Identity()",
  };
}

const clean: FuzzReport = {
  cases: 8,
  decoded: 1,
  rejected: 7,
  foreign: [],
  oversize: [],
  validFailures: [],
  byMutation: {
    none: { decoded: 1, rejected: 0 },
    bitflip: { decoded: 0, rejected: 2 },
    truncate: { decoded: 0, rejected: 1 },
    extend: { decoded: 0, rejected: 1 },
    splice: { decoded: 0, rejected: 1 },
    "header-lie": { decoded: 0, rejected: 1 },
    bomb: { decoded: 0, rejected: 1 },
  },
  peakRssGrowth: 1024,
  maxRssGrowth: 2048,
  peakArrayBuffersGrowth: FUZZ_MEMORY_BOUND,
};

describe("rejection", () => {
  it("returns the CodecError and refuses a success or another error", async () => {
    const e = new CodecError("zstd: corrupted data");
    expect(await rejection(Promise.reject(e))).toBe(e);
    await expect(rejection(Promise.resolve(1))).rejects.toThrow(
      "expected a CodecError, but the call succeeded",
    );
    await expect(rejection(Promise.reject(new ZarrError("x")))).rejects.toThrow(
      "expected a CodecError, got ZarrError: x",
    );
  });
});

describe("boundRefusals and boundEdge", () => {
  it("report the messages into an out buffer and with info.nbytes", async () => {
    expect(await boundRefusals(identity(), new Uint8Array(5), 3)).toEqual([
      "identity: 5 bytes, more than 3",
      "identity: 5 bytes, more than 3",
    ]);
  });

  it("fail on a RangeError instead of a CodecError, even one thrown synchronously", async () => {
    await expect(
      boundRefusals(identity({ throwAs: "range" }), new Uint8Array(5), 3),
    ).rejects.toThrow("expected a CodecError, got RangeError: offset is out of bounds");
  });

  it("decode the exact stream three ways and the one past it not at all", async () => {
    const edge = await boundEdge(identity(), Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3, 4), 3);
    expect(edge.decoded).toEqual([
      Uint8Array.of(1, 2, 3),
      Uint8Array.of(1, 2, 3),
      Uint8Array.of(1, 2, 3),
    ]);
    expect(edge.returnedOut).toBe(true);
    expect(edge.overflows).toEqual([
      "identity: 4 bytes, more than 3",
      "identity: 4 bytes, more than 3",
      "identity: 4 bytes, more than 3",
    ]);
  });
});

describe("fuzzBreaches", () => {
  it("names each broken rule", () => {
    expect(fuzzBreaches({ ...clean, peakArrayBuffersGrowth: 0 })).toEqual([]);
    expect(fuzzBreaches(clean)).toEqual([
      `ArrayBuffers grew by ${FUZZ_MEMORY_BOUND} bytes, not below ${FUZZ_MEMORY_BOUND}`,
    ]);
    expect(fuzzBreaches(clean, { arrayBuffers: false })).toEqual([]);
    const foreign = {
      index: 3,
      mutation: "bitflip",
      mode: "out",
      inputLength: 9,
      bound: 4,
    } as const;
    const broken: FuzzReport = {
      ...clean,
      peakArrayBuffersGrowth: 0,
      foreign: [{ ...foreign, error: "RangeError: offset" }],
      byMutation: { ...clean.byMutation, bomb: { decoded: 2, rejected: 0 } },
    };
    expect(fuzzBreaches(broken)).toEqual([
      `1 failures that were not CodecErrors, first: [{"index":3,"mutation":"bitflip","mode":"out","inputLength":9,"bound":4,"error":"RangeError: offset"}]`,
      "2 bombs decoded",
      "no bomb was refused (did any run?)",
    ]);
  });
});
