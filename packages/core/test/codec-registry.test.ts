import { describe, expect, it } from "vitest";
import { CodecError, getCodec, isCodecRegistered, openArray, registerCodec } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

describe("an unregistered codec", () => {
  it("gets an error naming the id and how a package provides it", async () => {
    expect(isCodecRegistered("blosc")).toBe(false);
    const err = await getCodec({ id: "blosc" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodecError);
    expect((err as Error).message).toMatch(/no codec registered for id "blosc"/);
    expect((err as Error).message).toMatch(/registerCodec\("blosc", \.\.\.\)/);
  });
});

describe("pickle is refused", () => {
  it("by getCodec, saying why and what to use instead", async () => {
    const err = await getCodec({ id: "pickle", protocol: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodecError);
    const message = (err as Error).message;
    expect(message).toMatch(/codec "pickle" is refused/);
    expect(message).toMatch(/can execute arbitrary code/);
    expect(message).toMatch(/json2/);
    expect(message).toMatch(/msgpack2/);
    expect(message).toMatch(/vlen-utf8/);
  });

  it("by registerCodec, so no plugin can enable it", async () => {
    const factory = () => {
      throw new Error("never built");
    };
    expect(() => registerCodec("pickle", factory)).toThrow(
      /registerCodec: codec "pickle" is refused/,
    );
    expect(isCodecRegistered("pickle")).toBe(false);
  });

  it("when opening an array that uses it, before any chunk is read", async () => {
    const store = new RecordingStore();
    const meta = {
      zarr_format: 2,
      shape: [2],
      chunks: [2],
      dtype: "|O",
      compressor: null,
      fill_value: 0,
      order: "C",
      filters: [{ id: "pickle", protocol: 5 }],
    };
    await store.set(".zarray", new TextEncoder().encode(JSON.stringify(meta)));
    // a pickle that would run code if it were ever loaded
    await store.set("0", new TextEncoder().encode("cos\nsystem\n(S'echo pwned'\ntR."));
    await expect(openArray(store, { mode: "r" })).rejects.toThrow(
      /codec "pickle" is refused: decoding Pickle data can execute arbitrary code/,
    );
    expect(store.chunkReads()).toEqual([]);
  });
});
