import { md5, sha1 } from "@noble/hashes/legacy.js";
import { sha224, sha256 } from "@noble/hashes/sha2.js";
import { ZarrError } from "../errors.js";
import type { Store } from "../store/store.js";

/** An incremental hash, as @noble/hashes builds them. */
interface Hasher {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
}

/**
 * hashlib's names for the hashes offered, so `hashname` reads as in Python. Each one adds to
 * every app's bundle (the digest is a method of every array), so only the common ones: SHA-512
 * would add about 5 kB minified, SHA-3 and BLAKE2 about 12 kB more.
 */
const HASHES: Record<string, () => Hasher> = {
  md5: () => md5.create(),
  sha1: () => sha1.create(),
  sha224: () => sha224.create(),
  sha256: () => sha256.create(),
};

/** The hash names `digest` accepts (hashlib's spelling). */
export const DIGEST_HASHES: readonly string[] = Object.keys(HASHES);

/** What a digest reads of an array: its store, chunk keys in C order and metadata keys. */
export interface DigestSource {
  readonly store: Store;
  readonly cdataShape: readonly number[];
  chunkKey(coords: readonly number[]): string;
  /** The node's own documents, in the order zarr-python hashes them (`.zarray`, `.zattrs`). */
  readonly metadataKeys: readonly string[];
}

/** Chunk reads kept in flight ahead of the one being hashed. */
const READ_AHEAD = 8;

/**
 * zarr-python 2.13's `Array.digest`: the hash of every chunk's stored bytes (nothing for a
 * missing chunk) in C order of the chunk grid, then the metadata document, then the
 * attributes document (nothing when absent). Chunks are read a few ahead but hashed in order.
 */
export async function arrayDigest(src: DigestSource, hashname = "sha1"): Promise<Uint8Array> {
  const make = HASHES[hashname.toLowerCase()];
  if (!make)
    throw new ZarrError(
      `digest: unsupported hash "${hashname}"; use one of ${DIGEST_HASHES.join(", ")}`,
    );
  const h = make();
  const keys = [...chunkKeysInOrder(src), ...src.metadataKeys];
  const pending: Promise<Uint8Array | undefined>[] = [];
  let next = 0;
  const refill = () => {
    while (next < keys.length && pending.length < READ_AHEAD) {
      const read = Promise.resolve(src.store.get(keys[next++]!));
      // A failure surfaces when its turn comes; until then it must not count as unhandled.
      read.catch(() => {});
      pending.push(read);
    }
  };
  refill();
  while (pending.length > 0) {
    const value = await pending.shift()!;
    refill();
    if (value) h.update(value);
  }
  return h.digest();
}

/** `digest` as lowercase hex, as zarr-python's `hexdigest`. */
export async function arrayHexdigest(src: DigestSource, hashname = "sha1"): Promise<string> {
  const bytes = await arrayDigest(src, hashname);
  let hex = "";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return hex;
}

function* chunkKeysInOrder(src: DigestSource): Generator<string> {
  const grid = src.cdataShape;
  if (grid.some((n) => n === 0)) return;
  const idx = new Array<number>(grid.length).fill(0);
  for (;;) {
    yield src.chunkKey(idx);
    let d = grid.length - 1;
    for (; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < grid[d]!) break;
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}
