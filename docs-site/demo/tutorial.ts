// The zarr tutorial, in TypeScript, from start to end: `pnpm demo` at the repository root.
//
// It follows the sections of the zarr-python tutorial and prints what they print (in the
// forms zarrkit's API uses; see docs-site/ for the same steps, each checked against
// zarr-python). Everything on disk goes to a temporary directory that is removed at the end.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zarr from "zarrkit";

const work = mkdtempSync(join(tmpdir(), "zarrkit-demo-"));
const at = (name: string) => join(work, name);

function section(title: string): void {
  console.log(`\n== ${title} ${"=".repeat(Math.max(0, 70 - title.length))}`);
}

/** `[a, b, c, ..., x, y, z]` for long typed arrays, as NumPy abbreviates them. */
function brief(data: ArrayLike<number | bigint>): string {
  const all = Array.from(data, String);
  return all.length <= 6
    ? `[${all.join(", ")}]`
    : `[${all.slice(0, 3).join(", ")}, ..., ${all.slice(-3).join(", ")}]`;
}

const ramp = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

try {
  section("Creating an array");
  const z = await zarr.zeros([10000, 10000], { chunks: [1000, 1000], dtype: "i4" });
  console.log(z.toString());

  section("Reading and writing data");
  await z.set(null, 42);
  await z.set([0, null], ramp(10000));
  await z.set([null, 0], ramp(10000));
  console.log("z[0, 0]   =", await z.get([0, 0]));
  console.log("z[-1, -1] =", await z.get([-1, -1]));
  const row = (await z.get([0, null])) as zarr.NdArray<"i4">;
  console.log("z[0, :]   =", brief(row.data));
  const col = (await z.get([null, 0])) as zarr.NdArray<"i4">;
  console.log("z[:, 0]   =", brief(col.data));
  console.log(await z.info());

  section("Persistent arrays");
  const z1 = await zarr.openArray(at("example.zarr"), {
    mode: "w",
    shape: [10000, 10000],
    chunks: [1000, 1000],
    dtype: "i4",
  });
  await z1.set(null, 42);
  await z1.set([0, null], ramp(10000));
  await z1.set([null, 0], ramp(10000));
  const z2 = await zarr.openArray<"i4">(at("example.zarr"), { mode: "r" });
  const [a1, a2] = (await Promise.all([z1.get(null), z2.get(null)])) as zarr.NdArray<"i4">[];
  console.log(
    "same data after reopening:",
    a1!.data.every((v, i) => v === a2!.data[i]),
  );
  console.log("files:", readdirSync(at("example.zarr")).sort().slice(0, 4).join(" "), "...");

  section("Resizing and appending");
  const zr = await zarr.zeros([10000, 10000], { chunks: [1000, 1000] });
  await zr.set(null, 42);
  await zr.resize([20000, 10000]);
  console.log("shape after resize:", zr.shape);
  const a = new zarr.NdArray(ramp(10_000_000), [10000, 1000], "i4");
  const za = await zarr.array(a, { chunks: [1000, 100] });
  console.log("shape:", za.shape);
  console.log("append(a):", await za.append(a));
  const aa = new zarr.NdArray(
    Int32Array.from({ length: 20_000_000 }, (_, i) => i % 10_000_000),
    [20000, 1000],
    "i4",
  );
  console.log("append(vstack([a, a]), axis=1):", await za.append(aa, { axis: 1 }));
  console.log("shape:", za.shape);

  section("Compressors");
  const data = new zarr.NdArray(ramp(100_000_000), [10000, 10000], "i4");
  const zc = await zarr.array(data, {
    chunks: [1000, 1000],
    compressor: new zarr.Blosc({ cname: "zstd", clevel: 3, shuffle: zarr.Blosc.BITSHUFFLE }),
  });
  console.log(String(zc.compressor));
  console.log(await zc.info());
  console.log("Blosc compressors:", zarr.blosc.listCompressors());
  const lzmaFilters = [
    { id: zarr.LZMA.FILTER_DELTA, dist: 4 },
    { id: zarr.LZMA.FILTER_LZMA2, preset: 1 },
  ];
  console.log(String(new zarr.LZMA({ filters: lzmaFilters })));
  const zn = await zarr.zeros([100000000], { chunks: [1000000], compressor: null });
  console.log("compressor=null:", zn.compressor === null);

  section("Filters");
  const zf = await zarr.array(data, {
    chunks: [1000, 1000],
    filters: [new zarr.Delta({ dtype: "i4" })],
    compressor: new zarr.Blosc({ cname: "zstd", clevel: 1, shuffle: zarr.Blosc.SHUFFLE }),
  });
  console.log(await zf.info());

  section("Groups");
  const root = await zarr.group();
  console.log(root.toString());
  const foo = await root.createGroup("foo");
  const bar = await foo.createGroup("bar");
  const baz = await bar.zeros("baz", { shape: [10000, 10000], chunks: [1000, 1000], dtype: "i4" });
  console.log(baz.toString());
  const quux = await bar.createDataset("quux", {
    shape: [10000, 10000],
    chunks: [1000, 1000],
    dtype: "i4",
  });
  console.log(quux.toString());
  console.log((await root.get("foo")).toString());
  console.log((await root.get("foo/bar")).toString());
  console.log((await root.get("foo/bar/baz")).toString());
  console.log(await root.tree());
  const disk = (await zarr.open(at("group.zarr"), { mode: "w" })) as zarr.Group;
  console.log(disk.toString());
  console.log(
    (
      await disk.zeros("foo/bar/baz", { shape: [10000, 10000], chunks: [1000, 1000], dtype: "i4" })
    ).toString(),
  );

  section("Array and group diagnostics");
  const r2 = await zarr.group();
  const f2 = await r2.createGroup("foo");
  const b2 = await f2.zeros("bar", { shape: 1000000, chunks: 100000, dtype: "i8" });
  await b2.set(null, 42n);
  const z3 = await f2.zeros("baz", { shape: [1000, 1000], chunks: [100, 100], dtype: "f4" });
  await z3.set(null, 4.2);
  console.log(await r2.info());
  console.log(await f2.info());
  console.log(await b2.info());
  console.log(await z3.info());
  console.log(await r2.tree());

  section("User attributes");
  const r3 = await zarr.group();
  await r3.attrs.set("foo", "bar");
  const zz = await r3.zeros("zzz", { shape: [10000, 10000] });
  await zz.attrs.set("baz", 42);
  await zz.attrs.set("qux", [1, 4, 7, 12]);
  console.log("sorted(root.attrs):", r3.attrs.keys().sort());
  console.log("'foo' in root.attrs:", r3.attrs.has("foo"));
  console.log("root.attrs['foo']:", r3.attrs.get("foo"));
  console.log("sorted(z.attrs):", zz.attrs.keys().sort());
  console.log("z.attrs['baz']:", zz.attrs.get("baz"));
  console.log("z.attrs['qux']:", zz.attrs.get("qux"));

  section("Storage alternatives: a zip file");
  const zipStore = new zarr.ZipStore(at("example.zip"), { mode: "w" });
  const zroot = await zarr.group({ store: zipStore });
  const zzip = await zroot.zeros("foo/bar", {
    shape: [1000, 1000],
    chunks: [100, 100],
    dtype: "i4",
  });
  await zzip.set(null, 42);
  await zipStore.close();
  const zipRead = new zarr.ZipStore(at("example.zip"), { mode: "r" });
  const zback = (await (
    await zarr.group({ store: zipRead })
  ).get("foo/bar")) as zarr.ZarrArray<"i4">;
  console.log(zback.toString());
  console.log("z[:] =", brief(((await zback.get(null)) as zarr.NdArray<"i4">).data));
  await zipRead.close();

  section("Consolidated metadata");
  await zarr.consolidateMetadata(at("group.zarr"));
  const consolidated = (await zarr.openConsolidated(at("group.zarr"))) as zarr.Group;
  console.log(await consolidated.tree());

  section("Copying/migrating data");
  const source = await zarr.group();
  const sfoo = await source.createGroup("foo");
  await sfoo.createDataset("bar/baz", { data: ramp(100), chunks: [50] });
  await source.createDataset("spam", {
    data: Int32Array.from({ length: 100 }, (_, i) => 100 + i),
    chunks: [30],
  });
  console.log(await source.tree());
  const dest = await zarr.openGroup(at("copy.zarr"), { mode: "w" });
  console.log(await zarr.copy(sfoo, dest, { log: true }));
  console.log(await dest.tree());
  const dest2 = await zarr.openGroup(at("copy2.zarr"), { mode: "w" });
  console.log(await zarr.copyAll(source, dest2, { log: true }));
  console.log(await dest2.tree());
  const store1 = new zarr.DirectoryStore(at("copy2.zarr"));
  const store2 = new zarr.ZipStore(at("copy2.zip"), { mode: "w" });
  console.log(await zarr.copyStore(store1, store2, { log: true }));
  console.log(await (await zarr.group({ store: store2 })).tree());
  await store2.close();

  section("Copying large arrays");
  const big = await zarr.zerosLike(zc);
  await big.set(null, zc);
  console.log(big.toString(), "initialized:", await big.nchunksInitialized());
} finally {
  rmSync(work, { recursive: true, force: true });
}
