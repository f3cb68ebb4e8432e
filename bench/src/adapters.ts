import type { CompressorSpec, Workload } from "./workloads.js";

/**
 * One library's way of doing each workload step. `prepare` creates the array (and, for
 * reads, fills it) untimed; `write`, `read` and `partial` are what the runner times.
 */
export interface Adapter {
  prepare(w: Workload, dir: string, data: Int32Array | Float64Array, fill: boolean): Promise<void>;
  write(data: Int32Array | Float64Array): Promise<void>;
  /** With `out`, read into it (zarr-python's `out=`) and return it. */
  read(out?: Int32Array | Float64Array): Promise<ArrayLike<number>>;
  partial(
    r0: number,
    r1: number,
    c0: number,
    c1: number,
    out?: Int32Array | Float64Array,
  ): Promise<ArrayLike<number>>;
}

/** For libraries that cannot read into a caller's buffer. */
function noOut(lib: string, out: unknown): void {
  if (out !== undefined) throw new Unsupported(`${lib} cannot read into a caller's buffer`);
}

export class Unsupported extends Error {}

export async function zarrkitAdapter(): Promise<Adapter> {
  const zarr = await import("zarrkit");
  let z: Awaited<ReturnType<typeof zarr.create>>;
  let shape: number[] = [];
  const compressor = async (c: CompressorSpec) =>
    c === null ? null : await zarr.getCodec(c.id === "blosc" ? { ...c, blocksize: 0 } : c);
  return {
    async prepare(w, dir, data, fill) {
      shape = [...w.shape];
      const store =
        w.store === "memory" ? new zarr.MemoryStore() : await zarr.resolveStore(dir, "w");
      z = await zarr.create(w.shape, {
        chunks: w.chunks,
        dtype: w.dtype === "int32" ? "<i4" : "<f8",
        compressor: await compressor(w.compressor),
        store,
        overwrite: true,
        ...(w.zarrFormat === 3 ? { zarrFormat: 3 as const } : {}),
        ...(w.shards ? { shards: w.shards } : {}),
      });
      if (fill) await z.set(null, { data, shape });
    },
    async write(data) {
      await z.set(null, { data, shape });
    },
    async read(out) {
      return (await z.get(null, out ? { out } : {})).data as Int32Array;
    },
    async partial(r0, r1, c0, c1, out) {
      const sel = [zarr.slice(r0, r1), zarr.slice(c0, c1)];
      return (await z.get(sel, out ? { out } : {})).data as Int32Array;
    },
  };
}

export async function zarritaAdapter(): Promise<Adapter> {
  const zarrita = await import("zarrita");
  // biome-ignore lint/suspicious/noExplicitAny: zarrita's array type is generic over its store
  let arr: any;
  let shape: number[] = [];
  const adapter: Adapter = {
    async prepare(w, dir, data, fill) {
      shape = [...w.shape];
      if (w.compressor?.id === "zlib") {
        // zarrita cannot encode zlib: it reads a v2 array that zarrkit wrote into a Map.
        if (!fill) throw new Unsupported("zarrita cannot encode zlib");
        const zarr = await import("zarrkit");
        const map = new Map<string, Uint8Array>();
        const store = {
          get: async (k: string) => map.get(k),
          set: async (k: string, v: Uint8Array) => void map.set(k, v),
          delete: async (k: string) => map.delete(k),
          list: async (p = "") => [...map.keys()].filter((k) => k.startsWith(p)),
          toString: () => "Map",
        };
        const zlib = await zarr.getCodec({ id: "zlib", level: 1 });
        const z = await zarr.create(w.shape, {
          chunks: w.chunks,
          dtype: "<i4",
          compressor: zlib,
          store,
        });
        await z.set(null, { data, shape });
        arr = await zarrita.open.v2(zarrita.root(map), { kind: "array" });
        return;
      }
      if (w.shards) {
        if (!fill) throw new Unsupported("zarrita cannot write shards");
        arr = await zarritaOpensZarrkitShards(w, data);
        return;
      }
      let store: unknown;
      if (w.store === "memory") store = new Map();
      else {
        const { default: FileSystemStore } = await import("@zarrita/storage/fs");
        store = new FileSystemStore(dir);
      }
      const codecs: { name: string; configuration?: Record<string, unknown> }[] = [
        { name: "bytes", configuration: { endian: "little" } },
      ];
      if (w.compressor?.id === "blosc") {
        codecs.push({
          name: "blosc",
          configuration: {
            cname: "lz4",
            clevel: 5,
            shuffle: "shuffle",
            typesize: w.dtype === "int32" ? 4 : 8,
            blocksize: 0,
          },
        });
      }
      arr = await zarrita.create(zarrita.root(store as Map<string, Uint8Array>).resolve("a"), {
        shape: [...w.shape],
        chunkShape: [...w.chunks],
        dtype: w.dtype,
        codecs,
      } as never);
      if (fill) await adapter.write(data);
    },
    async write(data) {
      await zarrita.set(arr, null, { data, shape, stride: [shape[1]!, 1] } as never);
    },
    async read(out) {
      noOut("zarrita.js", out);
      return (await zarrita.get(arr)).data as Int32Array;
    },
    async partial(r0, r1, c0, c1, out) {
      noOut("zarrita.js", out);
      return (await zarrita.get(arr, [zarrita.slice(r0, r1), zarrita.slice(c0, c1)]))
        .data as Int32Array;
    },
  };
  return adapter;
}

/**
 * A sharded v3 array written by zarrkit into a Map, opened by zarrita. zarrita asks for
 * absolute keys ("/zarr.json") and reads shards only through `getRange`.
 */
async function zarritaOpensZarrkitShards(w: Workload, data: Int32Array | Float64Array) {
  const zarr = await import("zarrkit");
  const zarrita = await import("zarrita");
  const map = new Map<string, Uint8Array>();
  const written = {
    get: async (k: string) => map.get(k),
    set: async (k: string, v: Uint8Array) => void map.set(k, v),
    delete: async (k: string) => map.delete(k),
    list: async (p = "") => [...map.keys()].filter((k) => k.startsWith(p)),
    toString: () => "Map",
  };
  const z = await zarr.create(w.shape, {
    chunks: w.chunks,
    shards: w.shards,
    zarrFormat: 3,
    dtype: w.dtype === "int32" ? "<i4" : "<f8",
    compressor: await zarr.getCodec({ ...w.compressor!, blocksize: 0 }),
    store: written,
  });
  await z.set(null, { data, shape: [...w.shape] });
  const read = {
    get: async (k: string) => map.get(k.slice(1)),
    getRange: async (
      k: string,
      r: { offset: number; length: number } | { suffixLength: number },
    ) => {
      const b = map.get(k.slice(1));
      if (!b) return undefined;
      return "suffixLength" in r
        ? b.subarray(b.length - r.suffixLength)
        : b.subarray(r.offset, r.offset + r.length);
    },
  };
  return zarrita.open.v3(zarrita.root(read), { kind: "array" });
}

export async function zarrjsAdapter(): Promise<Adapter> {
  const zarrjs = await import("zarr");
  // biome-ignore lint/suspicious/noExplicitAny: zarr.js types
  let z: any;
  let shape: number[] = [];
  let dtype = "<i4";
  const adapter: Adapter = {
    async prepare(w, _dir, data, fill) {
      if (w.store === "directory") throw new Unsupported("zarr.js has no directory store for Node");
      if (w.zarrFormat === 3) throw new Unsupported("zarr.js reads and writes Zarr v2 only");
      shape = [...w.shape];
      dtype = w.dtype === "int32" ? "<i4" : "<f8";
      const compressor =
        w.compressor === null
          ? null
          : w.compressor.id === "blosc"
            ? { ...w.compressor, blocksize: 0 }
            : w.compressor;
      z = await zarrjs.zeros([...w.shape], {
        chunks: [...w.chunks],
        dtype: dtype as never,
        compressor: compressor as never,
      });
      if (fill) await adapter.write(data);
    },
    async write(data) {
      await z.set(null, new zarrjs.NestedArray(data as never, shape, dtype as never));
    },
    async read(out) {
      noOut("zarr.js", out);
      return (await z.getRaw(null)).data as Int32Array;
    },
    async partial(r0, r1, c0, c1, out) {
      noOut("zarr.js", out);
      return (await z.getRaw([zarrjs.slice(r0, r1), zarrjs.slice(c0, c1)])).data as Int32Array;
    },
  };
  return adapter;
}

export const ADAPTERS: Record<string, () => Promise<Adapter>> = {
  zarrkit: zarrkitAdapter,
  "zarrita.js": zarritaAdapter,
  "zarr.js": zarrjsAdapter,
};
