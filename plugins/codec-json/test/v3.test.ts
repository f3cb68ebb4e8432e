// JSON (json2) in Zarr v3: no v3 name, so `numcodecs.json2` with the numcodecs config minus
// id, as zarr-python 3 writes it; the codec read back encodes as numcodecs 0.11 does.
import { type ChunkInfo, codecConfigFromV3, codecConfigToV3, getCodec } from "@zarrkit/core";
import { runPythonJson } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";
import { JSONCodec } from "../src/index.js";

const info: ChunkInfo = { dtype: "|O", itemsize: 8, shape: [3] };

describe("json2 in Zarr v3", () => {
  it("is written numcodecs.json2 with numcodecs' config, read back, and encodes as numcodecs", async () => {
    const numcodecs = runPythonJson<{ config: Record<string, unknown>; text: string }>(
      `import json, numpy as np, numcodecs
c = numcodecs.JSON(indent=1, sort_keys=False)
a = np.empty(3, dtype=object); a[:] = ["a", 1, None]
print(json.dumps({"config": c.get_config(), "text": bytes(c.encode(a)).decode()}))`,
    );
    const { id, ...configuration } = numcodecs.config;
    expect(id).toBe("json2");
    const v3 = codecConfigToV3(new JSONCodec({ indent: 1, sort_keys: false }).toConfig(), info);
    expect(v3).toEqual({ name: "numcodecs.json2", configuration });
    const config = codecConfigFromV3(v3, info, "codecs[0]");
    expect(config).toEqual(numcodecs.config);
    const codec = await getCodec(config);
    const encoded = (await codec.encode(["a", 1, null], info)) as Uint8Array;
    expect(new TextDecoder().decode(encoded)).toBe(numcodecs.text);
  });
});
