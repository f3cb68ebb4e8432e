// The tile grid the slice renderer reads and draws by.

/**
 * A tile is a whole number of chunks, at least 64 elements on a side so tiny chunks do not
 * make thousands of reads; chunks over 1024 are cut into 1024 tiles (each read decodes the
 * chunk again: zarr decodes whole chunks, but the page does not hold a huge one at once).
 */
export function tileSize(chunk: number): number {
  return chunk >= 1024 ? 1024 : chunk * Math.ceil(64 / chunk);
}
