// Fixture for test/api-reference.test.ts: the gate must name the second export, not the first.

/** Adds one: documented, so the gate passes over it. */
export function documentedExport(x: number): number {
  return x + 1;
}

export function undocumentedExport(x: number): number {
  return x - 1;
}
