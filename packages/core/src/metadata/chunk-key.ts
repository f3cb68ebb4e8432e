import type { ChunkKeyEncoding } from "./array-metadata.js";

/**
 * The store key of the chunk at `coords` under the array's path. `default` (v3) is
 * `c/1/2` (`c` for 0-d); `v2` is `1.2` (`0` for 0-d), each with its separator.
 */
export function chunkKey(
  path: string,
  coords: readonly number[],
  encoding: ChunkKeyEncoding,
): string {
  const sep = encoding.separator;
  const name =
    encoding.name === "default"
      ? coords.length === 0
        ? "c"
        : `c${sep}${coords.join(sep)}`
      : coords.length === 0
        ? "0"
        : coords.join(sep);
  return path === "" ? name : `${path}/${name}`;
}

/** Chunk coordinates of a key relative to the array's path, or undefined if it is no chunk key. */
export function parseChunkKey(
  name: string,
  ndim: number,
  encoding: ChunkKeyEncoding,
): number[] | undefined {
  let rest = name;
  if (encoding.name === "default") {
    if (ndim === 0) return name === "c" ? [] : undefined;
    const head = `c${encoding.separator}`;
    if (!name.startsWith(head)) return undefined;
    rest = name.slice(head.length);
  } else if (ndim === 0) return name === "0" ? [] : undefined;
  const parts = rest.split(encoding.separator);
  if (parts.length !== ndim) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p)) return undefined;
    out.push(Number(p));
  }
  return out;
}
