import { pySame, runPythonJson } from "@zarrkit/test-utils";

/** One payload for {@link objectCodecReference}. */
export interface ObjectCodecCase {
  options: object;
  /** The items as a Python list literal, for numcodecs to encode. */
  py: string;
  /** What numcodecs should decode our bytes to, when not `py` (raw msgpack strings come back bytes). */
  pyDecoded?: string;
  shape: number[];
  /** Our encoding of the same items, for numcodecs to decode. */
  ours: Uint8Array;
}

/** numcodecs' answers: the repr and config of each codec, and each case both ways. */
export interface ObjectCodecReference {
  reprs: { repr: string; config: Record<string, unknown> }[];
  cases: {
    /** numcodecs' encoding of `py`. */
    theirs: Uint8Array;
    /** numcodecs decoded our bytes to the expected values of the expected types. */
    same: boolean;
    oursRepr: string;
    oursShape: number[];
  }[];
}

/**
 * numcodecs 0.11 as the reference for an object codec, in one Python call: the repr and
 * config of the codec built from each of `configs`, numcodecs' encoding of each case's items
 * (an object array of the case's shape), and its decoding of ours.
 */
export function objectCodecReference(
  codecId: string,
  configs: readonly object[],
  cases: readonly ObjectCodecCase[],
  orderedKeys = false,
): ObjectCodecReference {
  const spec = {
    id: codecId,
    configs,
    cases: cases.map((c) => ({
      options: c.options,
      py: c.py,
      pyDecoded: c.pyDecoded ?? null,
      shape: c.shape,
      ours: Buffer.from(c.ours).toString("base64"),
    })),
  };
  const out = runPythonJson<{
    reprs: ObjectCodecReference["reprs"];
    cases: (Omit<ObjectCodecReference["cases"][number], "theirs"> & { theirs: string })[];
  }>(
    `import base64, json, sys
import numpy as np, numcodecs
${pySame(orderedKeys)}
spec = json.load(sys.stdin)
def objects(vals, shape):
    a = np.empty(len(vals), dtype=object)
    for i, v in enumerate(vals):
        a[i] = v
    return a.reshape(shape)
out = {"reprs": [], "cases": []}
for cfg in spec["configs"]:
    c = numcodecs.get_codec(dict(cfg, id=spec["id"]))
    out["reprs"].append({"repr": repr(c), "config": c.get_config()})
for case in spec["cases"]:
    c = numcodecs.get_codec(dict(case["options"], id=spec["id"]))
    a = objects(eval(case["py"]), case["shape"])
    expected = objects(eval(case["pyDecoded"] or case["py"]), case["shape"])
    ours = c.decode(base64.b64decode(case["ours"]))
    out["cases"].append({
        "theirs": base64.b64encode(bytes(c.encode(a))).decode(),
        "oursRepr": repr(ours.tolist()),
        "same": same(ours.tolist(), expected.tolist()),
        "oursShape": list(ours.shape),
    })
print(json.dumps(out))`,
    JSON.stringify(spec),
  );
  return {
    reprs: out.reprs,
    cases: out.cases.map((c) => ({
      ...c,
      theirs: new Uint8Array(Buffer.from(c.theirs, "base64")),
    })),
  };
}
