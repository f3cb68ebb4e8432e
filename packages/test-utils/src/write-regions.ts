// The write pattern of the concurrency tests: a 2-D array cut into rectangles whose edges never
// fall on chunk boundaries, dealt round-robin to writers. Writer w writes each of its rectangles
// in rounds 1..R with value round * 1e6 + (flat index + 1); a chunk snapshot is whole when, inside
// each rectangle, every element of the chunk carries the same round (or is still 0).
export const SHAPE = [50, 46] as const;
export const CHUNKS = [16, 16] as const;

export interface Rect {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
  writer: number;
}

export function rects(writers: number): Rect[] {
  const out: Rect[] = [];
  const rowCuts = [0, 7, 19, 30, 41, SHAPE[0]];
  const colCuts = [0, 11, 25, 37, SHAPE[1]];
  let k = 0;
  for (let a = 0; a + 1 < rowCuts.length; a++)
    for (let b = 0; b + 1 < colCuts.length; b++)
      out.push({
        r0: rowCuts[a]!,
        r1: rowCuts[a + 1]!,
        c0: colCuts[b]!,
        c1: colCuts[b + 1]!,
        writer: k++ % writers,
      });
  return out;
}

export function rectValues(r: Rect, round: number): Int32Array {
  const w = r.c1 - r.c0;
  const out = new Int32Array((r.r1 - r.r0) * w);
  for (let i = r.r0; i < r.r1; i++)
    for (let j = r.c0; j < r.c1; j++) out[(i - r.r0) * w + (j - r.c0)] = value(i, j, round);
  return out;
}

export const value = (i: number, j: number, round: number) =>
  round * 1_000_000 + i * SHAPE[1] + j + 1;

/**
 * Check a whole-array snapshot: every element is 0 or its value in some round, and within each
 * (chunk x rectangle) piece all elements share one state. Returns problems (empty when whole).
 * `finalRound` additionally requires every element to be at that round.
 */
export function checkSnapshot(data: Int32Array, writers: number, finalRound?: number): string[] {
  const problems: string[] = [];
  for (const r of rects(writers)) {
    const pieces = new Map<string, Set<number>>();
    for (let i = r.r0; i < r.r1; i++)
      for (let j = r.c0; j < r.c1; j++) {
        const v = data[i * SHAPE[1] + j]!;
        const round = v === 0 ? 0 : Math.floor(v / 1_000_000);
        if (v !== 0 && v !== value(i, j, round)) problems.push(`(${i}, ${j}) holds ${v}`);
        if (finalRound !== undefined && round !== finalRound)
          problems.push(`(${i}, ${j}) is at round ${round}, not ${finalRound}`);
        const piece = `${Math.floor(i / CHUNKS[0])}.${Math.floor(j / CHUNKS[1])}`;
        const s = pieces.get(piece) ?? new Set<number>();
        pieces.set(piece, s);
        s.add(round);
      }
    for (const [piece, rounds] of pieces)
      if (rounds.size > 1)
        problems.push(`chunk ${piece} mixes rounds ${[...rounds].join(", ")} of one write`);
  }
  return problems.slice(0, 10);
}
