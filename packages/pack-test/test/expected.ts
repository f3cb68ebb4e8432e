// What app/round-trip.cjs must return, computed here with plain loops (never by zarrkit).
const ROWS = 20;
const COLS = 30;

export interface RoundTrip {
  repr: string;
  compressor: string;
  meta: { dtype: string; shape: number[]; chunks: number[]; compressor: unknown };
  chunkHead: number[] | null;
  all: { data: number[]; shape: number[] };
  column: { data: number[]; shape: number[] };
  scalar: number;
}

function grid(): number[] {
  const g: number[] = [];
  for (let i = 0; i < ROWS; i++) {
    for (let j = 0; j < COLS; j++) {
      const inRegion = i >= 2 && i < 5 && j >= 3 && j < 9;
      g.push(inRegion ? -7 : (i * COLS + j) * 7919 - 1_000_000);
    }
  }
  return g;
}

/** The values every round trip must read back, whatever the compressor. */
export function expectedValues(): Pick<RoundTrip, "repr" | "all" | "column" | "scalar"> {
  const g = grid();
  const column: number[] = [];
  for (let i = 1; i < 19; i += 3) column.push(g[i * COLS + 4]!);
  return {
    repr: "Array((20, 30), int32, chunks=(7, 8), order=C)",
    all: { data: g, shape: [ROWS, COLS] },
    column: { data: column, shape: [column.length] },
    scalar: g[19 * COLS + 29]!,
  };
}

/** Blosc's 16-byte header: version 2, typesize and uncompressed size of a 7x8 int32 chunk. */
export function bloscHeaderFacts(head: number[]): {
  version: number;
  typesize: number;
  nbytes: number;
} {
  const nbytes = head[4]! | (head[5]! << 8) | (head[6]! << 16) | (head[7]! << 24);
  return { version: head[0]!, typesize: head[3]!, nbytes };
}
