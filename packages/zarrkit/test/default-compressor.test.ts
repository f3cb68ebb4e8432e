// With only @zarrkit/core and @zarrkit/codec-blosc imported (not the umbrella), a new array is
// compressed with zarr-python's default Blosc lz4, which zarr-python reports live as its own.
import { create, getDefaultCompressor, setDefaultCompressor, type Store } from "@zarrkit/core";
import "@zarrkit/codec-blosc";
import { MemoryStore } from "@zarrkit/store-memory";
import { runPythonJson } from "@zarrkit/test-utils";
import { afterEach, describe, expect, it } from "vitest";

afterEach(() => setDefaultCompressor(undefined));

const zarray = async (store: Store) =>
  JSON.parse(new TextDecoder().decode(await store.get(".zarray"))) as { compressor: unknown };

describe("the default compressor with core and codec-blosc imported", () => {
  it("is zarr-python's default: Blosc lz4, clevel 5, SHUFFLE, blocksize 0", async () => {
    const py = runPythonJson<unknown>(
      "import json, zarr; print(json.dumps(zarr.create(10).compressor.get_config()))",
    );
    const store = new MemoryStore();
    const z = await create([1000], { dtype: "<i4", store });
    expect((await zarray(store)).compressor).toEqual(py);
    expect(String(z.compressor)).toBe("Blosc(cname='lz4', clevel=5, shuffle=SHUFFLE, blocksize=0)");
    expect(await z.info()).toContain(
      "compressor: Blosc(cname='lz4', clevel=5, shuffle=SHUFFLE, blocksize=0)",
    );
  });

  it("gives way to setDefaultCompressor, including an explicit null", async () => {
    setDefaultCompressor(null);
    expect(getDefaultCompressor()).toBeNull();
    const store = new MemoryStore();
    const z = await create([1000], { dtype: "<i4", store });
    expect(z.compressor).toBeNull();
    expect((await zarray(store)).compressor).toBeNull();
    setDefaultCompressor({ id: "blosc", cname: "zstd", clevel: 1, shuffle: 2, blocksize: 0 });
    const z2 = await create([1000], { dtype: "<i4", store: new MemoryStore() });
    expect(z2.compressor?.toConfig()).toMatchObject({ cname: "zstd", clevel: 1, shuffle: 2 });
  });
});
