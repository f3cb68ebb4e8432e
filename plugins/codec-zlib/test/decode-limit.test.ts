import { boundEdge, boundRefusals, peakRssGrowth } from "@zarrkit/codec-test-utils";
import { getDecodeLimit, type Store, setDecodeLimit, zeros } from "@zarrkit/core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DeflateEngineName, GZip, setDeflateEngines, Zlib } from "../src/index.js";
import { zeroStream } from "./bombs.js";

const MiB = 1024 * 1024;
const initialLimit = getDecodeLimit();
const ENGINES: DeflateEngineName[] = ["pako", "node:zlib"];
const CODECS: [string, Zlib | GZip][] = [
  ["zlib", new Zlib()],
  ["gzip", new GZip()],
];

/** The 261 KB bombs of the report: 256 MiB of zeros. */
const bombs: Record<string, Uint8Array> = {};

beforeAll(async () => {
  bombs.zlib = await zeroStream("zlib", 256 * MiB);
  bombs.gzip = await zeroStream("gzip", 256 * MiB);
}, 60_000);

afterEach(() => {
  setDecodeLimit(initialLimit);
  setDeflateEngines({ decode: "auto" });
});

describe.each(ENGINES)("%s inflates no further than the decode's bound", (engine) => {
  it.each(CODECS)("%s: a 256 MiB bomb in a 1 KiB chunk fails at 1 KiB", async (id, codec) => {
    setDeflateEngines({ decode: engine });
    const bomb = bombs[id]!;
    expect(bomb.length).toBeLessThan(270_000);
    const expected = `${id}: the stream decodes to more than the 1024 bytes this decode may produce`;
    const growth = await peakRssGrowth(async () => {
      expect(await boundRefusals(codec, bomb, 1024)).toEqual([expected, expected]);
    });
    // Inflating it all costs 256 MiB at least (580 MiB before this bound existed).
    expect(growth).toBeLessThan(32 * MiB);
  });

  it.each(CODECS)("%s: a bare decode stops at the process-wide limit", async (id, codec) => {
    setDeflateEngines({ decode: engine });
    setDecodeLimit(MiB);
    const growth = await peakRssGrowth(async () => {
      await expect(codec.decode(bombs[id]!)).rejects.toThrow(
        `${id}: the stream decodes to more than the 1048576 bytes this decode may produce (raise it with setDecodeLimit)`,
      );
    });
    expect(growth).toBeLessThan(32 * MiB);
  });

  it.each(CODECS)(
    "%s: a stream of exactly the bound decodes; one byte more fails",
    async (id, codec) => {
      setDeflateEngines({ decode: engine });
      const exact = await zeroStream(id as "zlib" | "gzip", 5000);
      const over = await zeroStream(id as "zlib" | "gzip", 5001);
      const edge = await boundEdge(codec, exact, over, 5000);
      expect(edge.returnedOut).toBe(true);
      const zeroed = new Uint8Array(5000);
      expect(edge.decoded).toEqual([zeroed, zeroed, zeroed]);
      expect(edge.overflows).toEqual(
        Array(3).fill(
          `${id}: the stream decodes to more than the 5000 bytes this decode may produce (raise it with setDecodeLimit)`,
        ),
      );
    },
  );
});

describe.each(ENGINES)("%s: gzip members together count against the bound", (engine) => {
  it("two members of 3000 bytes overflow a 5000-byte chunk", async () => {
    setDeflateEngines({ decode: engine });
    const member = await zeroStream("gzip", 3000);
    const two = new Uint8Array(member.length * 2);
    two.set(member);
    two.set(member, member.length);
    expect((await new GZip().decode(two, new Uint8Array(6000))).length).toBe(6000);
    await expect(new GZip().decode(two, new Uint8Array(5000))).rejects.toThrow(
      "gzip: the stream decodes to more than the 5000 bytes this decode may produce",
    );
  });
});

describe("through an array", () => {
  it("reading a chunk that is a 256 MiB bomb fails at the chunk's 1 KiB", async () => {
    const map = new Map<string, Uint8Array>();
    const store: Store = {
      get: async (key) => map.get(key),
      set: async (key, value) => {
        map.set(key, value);
      },
      delete: async (key) => map.delete(key),
      list: async (prefix = "") => [...map.keys()].filter((k) => k.startsWith(prefix)),
    };
    const z = await zeros([2048], { dtype: "|u1", chunks: [1024], store, compressor: new Zlib() });
    await z.set(":", 5);
    map.set("1", bombs.zlib!);
    const growth = await peakRssGrowth(async () => {
      await expect(z.get("1024:")).rejects.toThrow(
        "zlib: the stream decodes to more than the 1024 bytes this decode may produce",
      );
    });
    expect(growth).toBeLessThan(32 * MiB);
    const first = await z.get("0:1024");
    expect(Array.from(first.data as Uint8Array).every((v) => v === 5)).toBe(true);
  });
});
