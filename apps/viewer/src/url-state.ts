// The page's URL parameters, so a link opens a store, a node and a slice directly:
// ?url=<store URL>&path=<node path>&index=<i,j,...>&cmap=<name>&min=<lo>&max=<hi>
export interface UrlState {
  url?: string;
  path: string;
  index?: number[];
  cmap?: string;
  min?: number;
  max?: number;
}

function num(v: string | null): number | undefined {
  if (v === null || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function readUrlState(search = location.search): UrlState {
  const p = new URLSearchParams(search);
  const index = p.get("index");
  return {
    url: p.get("url") ?? undefined,
    path: (p.get("path") ?? "").replace(/^\/+|\/+$/g, ""),
    index: index ? index.split(",").map((s) => Number.parseInt(s, 10)) : undefined,
    cmap: p.get("cmap") ?? undefined,
    min: num(p.get("min")),
    max: num(p.get("max")),
  };
}

/** Replace the parameters given (undefined removes one), without a new history entry. */
export function writeUrlState(changes: Partial<Record<keyof UrlState, string | undefined>>): void {
  const url = new URL(location.href);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === "") url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  history.replaceState(null, "", url);
}
