import { runPythonJson } from "@zarrkit/test-utils";

/**
 * numcodecs 0.11 as the reference, in one Python call per test file: the repr and config of
 * each codec, numcodecs' encoding of each payload, and numcodecs' decoding of ours.
 */
export interface RefCase {
  config: Record<string, unknown>;
  /** NumPy dtype of the payload handed to numcodecs' encode (`|O` takes `items`). */
  dtype: string;
  data?: Uint8Array;
  items?: unknown[];
  /** Our encoding, for numcodecs to decode. */
  ours?: Uint8Array;
}

export interface RefResult {
  /** numcodecs' encoding of the payload (raw bytes of the returned array). */
  theirs: Uint8Array;
  /** numcodecs' decoding of its own encoding (raw bytes). */
  theirsDecoded: Uint8Array;
  /** numcodecs' decoding of our encoding (raw bytes, or the items for object results). */
  oursDecoded?: Uint8Array;
  oursItems?: unknown[];
  /** The exception numcodecs' encode raised, if it did. */
  error?: string;
  theirsItems?: unknown[];
}

export interface Reference {
  reprs: { repr: string; config: Record<string, unknown> }[];
  results: RefResult[];
  /** numcodecs' decompression of each requested file. */
  decompressed: Uint8Array[];
}

/** A stored chunk for numcodecs to decompress (e.g. Blosc, which this package cannot read). */
export interface DecompressRequest {
  config: Record<string, unknown>;
  path: string;
}

const SCRIPT = `
import base64, json, sys, warnings
import numpy as np
import numcodecs
warnings.simplefilter("ignore")
spec = json.load(sys.stdin)
b = lambda s: base64.b64decode(s)
e = lambda a: base64.b64encode(bytes(np.ascontiguousarray(a).reshape(-1).view("u1") if isinstance(a, np.ndarray) else a)).decode()
def items(a):
    out = []
    for v in np.asarray(a, dtype=object).reshape(-1):
        out.append({"b": base64.b64encode(v).decode()} if isinstance(v, bytes) else v)
    return out
def raw(a):
    a = np.asarray(a) if not isinstance(a, (bytes, bytearray)) else a
    if isinstance(a, np.ndarray) and a.dtype == object:
        return {"items": items(a)}
    return {"bytes": e(a)}
reprs = []
for cfg in spec["reprs"]:
    c = numcodecs.get_codec(dict(cfg))
    reprs.append({"repr": repr(c), "config": c.get_config()})
results = []
for case in spec["cases"]:
    c = numcodecs.get_codec(dict(case["config"]))
    if case["dtype"] == "|O":
        data = np.empty(len(case["items"]), dtype=object)
        for i, v in enumerate(case["items"]):
            data[i] = base64.b64decode(v["b"]) if isinstance(v, dict) else v
    else:
        data = np.frombuffer(b(case["data"]), dtype=case["dtype"])
    try:
        enc = c.encode(data)
    except Exception as ex:
        results.append({"error": type(ex).__name__})
        continue
    r = {"theirs": raw(enc), "theirsDecoded": raw(c.decode(enc))}
    if case.get("ours") is not None:
        r["oursDecoded"] = raw(c.decode(b(case["ours"])))
    results.append(r)
decompressed = []
for item in spec.get("decompress", []):
    c = numcodecs.get_codec(dict(item["config"]))
    with open(item["path"], "rb") as f:
        decompressed.append(base64.b64encode(bytes(c.decode(f.read()))).decode())
print(json.dumps({"reprs": reprs, "results": results, "decompressed": decompressed}))
`;

const b64 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString("base64");
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

type Raw = { bytes: string } | { items: unknown[] };

function fromItems(items: unknown[]): unknown[] {
  return items.map((v) =>
    v !== null && typeof v === "object" && "b" in (v as object) ? unb64((v as { b: string }).b) : v,
  );
}

function toItems(items: unknown[]): unknown[] {
  return items.map((v) => (v instanceof Uint8Array ? { b: b64(v) } : v));
}

export function reference(
  reprs: Record<string, unknown>[],
  cases: RefCase[],
  decompress: DecompressRequest[] = [],
): Reference {
  const spec = {
    reprs,
    decompress,
    cases: cases.map((c) => ({
      config: c.config,
      dtype: c.dtype,
      ...(c.data ? { data: b64(c.data) } : {}),
      ...(c.items ? { items: toItems(c.items) } : {}),
      ours: c.ours ? b64(c.ours) : null,
    })),
  };
  const out = runPythonJson<{
    reprs: Reference["reprs"];
    results: ({ theirs: Raw; theirsDecoded: Raw; oursDecoded?: Raw } | { error: string })[];
    decompressed: string[];
  }>(SCRIPT, new TextEncoder().encode(JSON.stringify(spec)));
  const bytesOf = (r: Raw) => ("bytes" in r ? unb64(r.bytes) : new Uint8Array(0));
  return {
    reprs: out.reprs,
    decompressed: out.decompressed.map(unb64),
    results: out.results.map((r) =>
      "error" in r
        ? { error: r.error, theirs: new Uint8Array(0), theirsDecoded: new Uint8Array(0) }
        : {
            theirs: bytesOf(r.theirs),
            theirsDecoded: bytesOf(r.theirsDecoded),
            ...("items" in r.theirsDecoded
              ? { theirsItems: fromItems(r.theirsDecoded.items) }
              : {}),
            ...(r.oursDecoded
              ? "items" in r.oursDecoded
                ? { oursItems: fromItems(r.oursDecoded.items) }
                : { oursDecoded: bytesOf(r.oursDecoded) }
              : {}),
          },
    ),
  };
}
