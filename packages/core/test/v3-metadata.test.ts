import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { MetadataError, parseDataType, registerCodec } from "../src/index.js";
import {
  arrayDocumentV3,
  decodeNodeMetadataV3,
  encodeArrayMetadataV3,
  groupDocumentV3,
  parseNodeMetadataV3,
} from "../src/metadata/v3.js";
import { chunkKey, parseChunkKey } from "../src/metadata/chunk-key.js";
import { encodeArrayMetadataV2, toV2Parts } from "../src/metadata/v2.js";
import { toPlain } from "../src/metadata/json.js";

/** The v3 stores zarr-python 3.1 wrote: the project's copy, else the shared one on this machine. */
const FIXTURES = [
  join(import.meta.dirname, "../../../fixtures/zarr-v3/data.zarr"),
  "/work/shared/fixtures/zarr-v3/data.zarr",
].find((p) => existsSync(p))!;

function zarrJsons(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...zarrJsons(p));
    else if (name === "zarr.json") out.push(p);
  }
  return out.sort();
}

// The v3 names of the codecs the fixtures use, with configurations taken as they are; the
// codec plugins register their own conversions, which this test does not depend on.
for (const [id, name] of [
  ["blosc", "blosc"],
  ["gzip", "gzip"],
  ["zstd", "zstd"],
  ["crc32c", "crc32c"],
  ["transpose", "transpose"],
  ["vlen-utf8", "vlen-utf8"],
  ["sharding_indexed", "sharding_indexed"],
  ["bytes", "bytes"],
] as const) {
  registerCodec(id, () => ({}) as never, { v3: { name } });
}

/** A document in plain JSON form, for comparisons. */
const plain = (doc: unknown) => toPlain(doc as never) as Record<string, unknown>;

const enc = (doc: unknown) => new TextEncoder().encode(JSON.stringify(doc));

function arrayDoc(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    shape: [4, 6],
    data_type: "float32",
    chunk_grid: { name: "regular", configuration: { chunk_shape: [2, 3] } },
    chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
    fill_value: 0,
    codecs: [{ name: "bytes", configuration: { endian: "little" } }],
    attributes: {},
    zarr_format: 3,
    node_type: "array",
    ...extra,
  };
}

describe("zarr.json written by zarr-python 3", () => {
  const files = zarrJsons(FIXTURES);

  it("finds the fixtures (45 arrays and their groups)", () => {
    expect(files.length).toBe(49);
  });

  for (const file of files) {
    const rel = relative(FIXTURES, file);
    it(`${rel} parses and writes back as an equivalent document`, () => {
      const bytes = readFileSync(file);
      const node = decodeNodeMetadataV3(bytes, rel);
      const original = JSON.parse(new TextDecoder().decode(bytes));
      const again =
        node.nodeType === "array"
          ? arrayDocumentV3(node.meta, node.attributes)
          : groupDocumentV3(node.attributes, node.document.consolidated_metadata ?? null);
      expect(toPlain(again as never)).toEqual(original);
      if (node.nodeType === "array") {
        expect(node.meta.shape).toEqual(original.shape);
        expect(node.meta.chunkShape).toEqual(original.chunk_grid.configuration.chunk_shape);
      }
    });
  }

  it("maps data types and the bytes codec's endian onto NumPy types", () => {
    const read = (name: string) => {
      const node = decodeNodeMetadataV3(readFileSync(join(FIXTURES, name, "zarr.json")), name);
      if (node.nodeType !== "array") throw new Error("not an array");
      return node.meta;
    };
    expect(read("1d.contiguous.f4.be").dtype.str).toBe(">f4");
    expect(read("1d.contiguous.f4.le").dtype.str).toBe("<f4");
    expect(read("1d.contiguous.f2.le").dtype.str).toBe("<f2");
    expect(read("1d.contiguous.b1").dtype.str).toBe("|b1");
    expect(read("1d.contiguous.u1").dtype.str).toBe("|u1");
    const str = read("1d.chunked.string.vlen");
    expect(str.dtype.str).toBe("|O");
    expect(str.fillValue).toBe("");
    expect(str.codecs.arrayToBytes).toEqual({ id: "vlen-utf8" });
    const f = read("3d.chunked.mixed.i2.F");
    expect(f.codecs.arrayToArray).toEqual([{ id: "transpose", order: [2, 1, 0] }]);
    expect(f.codecs.bytesToBytes.map((c) => c.id)).toEqual(["blosc"]);
    const sharded = read("2d.chunked.compressed.sharded.filled.i2");
    expect(sharded.codecs.arrayToBytes.id).toBe("sharding_indexed");
    expect(sharded.chunkShape).toEqual([2, 2]);
    const delta = read("1d.contiguous.delta.i4");
    expect(delta.codecs.arrayToArray).toEqual([{ id: "delta", dtype: "int32" }]);
  });
});

describe("fill values in every v3 encoding", () => {
  const fill = (data_type: string, fill_value: unknown, codecs?: unknown[]) => {
    const node = parseNodeMetadataV3(
      arrayDoc({ data_type, fill_value, ...(codecs ? { codecs } : {}) }) as never,
    );
    if (node.nodeType !== "array") throw new Error("not an array");
    return node.meta;
  };
  it("reads NaN, infinities and hex bit patterns", () => {
    expect(fill("float32", "NaN").fillValue).toBeNaN();
    expect(fill("float64", "Infinity").fillValue).toBe(Number.POSITIVE_INFINITY);
    expect(fill("float64", "-Infinity").fillValue).toBe(Number.NEGATIVE_INFINITY);
    expect(fill("float32", "0x7fc00000").fillValue).toBeNaN();
    expect(fill("float32", "0x3f800000").fillValue).toBe(1);
    expect(fill("float64", "0xc000000000000000").fillValue).toBe(-2);
    expect(fill("float16", "0x3c00").fillValue).toBe(1);
    expect(fill("complex64", [1.5, "NaN"]).fillValue).toEqual([1.5, Number.NaN]);
    expect(fill("bool", true).fillValue).toBe(true);
    expect(fill("uint64", 18446744073709551615n).fillValue).toBe(18446744073709551615n);
  });
  it("reads raw bytes for r* types", () => {
    const raw = fill("r16", [1, 255], [{ name: "bytes" }]);
    expect(raw.dtype.str).toBe("|V2");
    expect(raw.fillValue).toEqual(new Uint8Array([1, 255]));
    const doc = arrayDocumentV3(raw, {});
    expect(plain(doc).fill_value).toEqual([1, 255]);
    expect(plain(doc).data_type).toBe("r16");
  });
  it("writes non-finite floats as their names and keeps floats floats", () => {
    const text = new TextDecoder().decode(encodeArrayMetadataV3(fill("float64", "-Infinity")));
    expect(text).toContain('"fill_value": "-Infinity"');
    expect(new TextDecoder().decode(encodeArrayMetadataV3(fill("float64", 2)))).toContain(
      '"fill_value": 2.0',
    );
  });
  it("refuses fill values the data type cannot hold, naming the field", () => {
    expect(() => fill("float32", "0x7fc0")).toThrow(/fill_value.*8 hex digits/);
    expect(() => fill("int32", 1.5)).toThrow(/fill_value.*expected an integer/);
    expect(() => fill("r16", [1])).toThrow(/fill_value.*2 byte values/);
    expect(() => fill("bool", 0)).toThrow(/fill_value.*true or false/);
  });
});

describe("zarr.json validation", () => {
  const parse = (doc: Record<string, unknown>) => decodeNodeMetadataV3(enc(doc), "a/zarr.json");
  it("refuses storage transformers", () => {
    expect(() =>
      parse(arrayDoc({ storage_transformers: [{ name: "chunk-manifest-json" }] })),
    ).toThrow(/a\/zarr\.json: storage transformers are not supported/);
  });
  it("reads past extensions that need not be understood and keeps them for rewriting", () => {
    const node = parse(arrayDoc({ my_ext: { must_understand: false, value: 3 } }));
    if (node.nodeType !== "array") throw new Error("not an array");
    expect(plain(arrayDocumentV3(node.meta, {})).my_ext).toEqual({
      must_understand: false,
      value: 3,
    });
  });
  it("refuses extensions that must be understood, with the flag true or absent", () => {
    expect(() => parse(arrayDoc({ my_ext: { must_understand: true } }))).toThrow(
      /unknown field "my_ext" must be understood/,
    );
    expect(() => parse(arrayDoc({ my_ext: { value: 1 } }))).toThrow(MetadataError);
    expect(() => parse({ zarr_format: 3, node_type: "group", other: 1 })).toThrow(
      /unknown field "other"/,
    );
  });
  it("refuses other chunk grids, bad data types and dimension names", () => {
    expect(() => parse(arrayDoc({ chunk_grid: { name: "rectilinear" } }))).toThrow(
      /"chunk_grid" must be a "regular" grid/,
    );
    expect(() => parse(arrayDoc({ data_type: "float128" }))).toThrow(
      /data type "float128" is not supported/,
    );
    expect(() => parse(arrayDoc({ dimension_names: ["x"] }))).toThrow(
      /"dimension_names" must be null or a list of 2/,
    );
    expect(() => parse(arrayDoc({ codecs: [{ name: "gzip" }] }))).toThrow(
      /has no array-to-bytes codec/,
    );
  });
  it("keeps dimension names and the v2 chunk key encoding", () => {
    const node = parse(
      arrayDoc({
        dimension_names: ["y", null],
        chunk_key_encoding: { name: "v2", configuration: { separator: "." } },
      }),
    );
    if (node.nodeType !== "array") throw new Error("not an array");
    expect(node.meta.dimensionNames).toEqual(["y", null]);
    expect(node.meta.chunkKeyEncoding).toEqual({ name: "v2", separator: "." });
  });
});

describe("v3 data type names wherever a dtype is taken", () => {
  it("parse to the NumPy types, string to an object array", () => {
    expect(parseDataType("float32").str).toBe("<f4");
    expect(parseDataType("uint64").str).toBe("<u8");
    expect(parseDataType("complex128").str).toBe("<c16");
    expect(parseDataType("bool").str).toBe("|b1");
    expect(parseDataType("string").str).toBe("|O");
  });
});

describe("chunk keys", () => {
  const def = { name: "default", separator: "/" } as const;
  const v2 = { name: "v2", separator: "." } as const;
  it("encode as c/1/2 (default) and 1.2 (v2), c and 0 for 0-d", () => {
    expect(chunkKey("a", [1, 2], def)).toBe("a/c/1/2");
    expect(chunkKey("", [], def)).toBe("c");
    expect(chunkKey("", [1, 2], { name: "default", separator: "." })).toBe("c.1.2");
    expect(chunkKey("a", [1, 2], v2)).toBe("a/1.2");
    expect(chunkKey("", [], v2)).toBe("0");
  });
  it("parse back, and refuse other keys", () => {
    expect(parseChunkKey("c/1/2", 2, def)).toEqual([1, 2]);
    expect(parseChunkKey("c", 0, def)).toEqual([]);
    expect(parseChunkKey("1/2", 2, def)).toBeUndefined();
    expect(parseChunkKey("c/1", 2, def)).toBeUndefined();
    expect(parseChunkKey("zarr.json", 2, def)).toBeUndefined();
    expect(parseChunkKey("1.2", 2, v2)).toEqual([1, 2]);
    expect(parseChunkKey("0", 0, v2)).toEqual([]);
  });
});

describe("v3 to v2", () => {
  it("takes order F from a leading full transpose and refuses what v2 cannot hold", () => {
    const node = decodeNodeMetadataV3(
      readFileSync(join(FIXTURES, "3d.chunked.mixed.i2.F", "zarr.json")),
      "F",
    );
    if (node.nodeType !== "array") throw new Error("not an array");
    const parts = toV2Parts(node.meta);
    expect(parts.order).toBe("F");
    expect(parts.compressor?.id).toBe("blosc");
    const sharded = decodeNodeMetadataV3(
      readFileSync(join(FIXTURES, "2d.chunked.compressed.sharded.i2", "zarr.json")),
      "s",
    );
    if (sharded.nodeType !== "array") throw new Error("not an array");
    expect(() => encodeArrayMetadataV2(sharded.meta)).toThrow(/v2 has no sharding/);
  });
});
