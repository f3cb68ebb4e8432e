import { ZarrError } from "../errors.js";
import type { Store } from "../store/store.js";

/** An incremental hash: fed the stored bytes in order, then asked for the digest once. */
export interface DigestHash {
  /** Feed the next bytes; its return value is ignored. */
  update(data: Uint8Array): unknown;
  /** The hash of everything fed, called once after the last `update`. */
  digest(): Uint8Array;
}

// Core ships no hash: a hashing library in every app's bundle would pay for a method few
// call. The zarrkit umbrella registers md5, sha1, sha224 and sha256; an app on core alone
// registers what it uses, as with codecs.
const HASHES = new Map<string, () => DigestHash>();

/**
 * Make `digest(name)` and `hexdigest(name)` use `create` (a new incremental hash per call).
 * Names are hashlib's, compared without case; registering a name again replaces it. The
 * `zarrkit` package registers md5, sha1, sha224 and sha256; core alone registers none.
 *
 * @example
 * ```ts
 * import { createHash } from "node:crypto";
 * registerDigestHash("sha512", () => {
 *   const h = createHash("sha512");
 *   return { update: (d) => h.update(d), digest: () => new Uint8Array(h.digest()) };
 * });
 * const hex = await z.hexdigest("sha512");
 * ```
 */
export function registerDigestHash(name: string, create: () => DigestHash): void {
  HASHES.set(name.toLowerCase(), create);
}

/** The hash names `digest` accepts now (hashlib's spelling). */
export function digestHashes(): string[] {
  return [...HASHES.keys()];
}

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
  const make = HASHES.get(hashname.toLowerCase());
  if (!make) {
    const known =
      HASHES.size > 0 ? `registered: ${digestHashes().join(", ")}` : "none is registered";
    throw new ZarrError(
      `digest: no hash "${hashname}" (${known}); register one with registerDigestHash, or use the zarrkit package, which registers md5, sha1, sha224 and sha256`,
    );
  }
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
