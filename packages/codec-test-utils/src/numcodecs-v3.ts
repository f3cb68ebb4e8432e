import { isDeepStrictEqual } from "node:util";
import { codecConfigFromV3, codecConfigToV3, getCodec, parseDataType } from "@zarrkit/core";
import { reference } from "./numcodecs-reference.js";

/** A numcodecs config (spelled as zarr-python 3 may write it) and a payload to encode. */
export interface V3NumcodecsCase {
  config: { id: string; [key: string]: unknown };
  /** NumPy type string of the payload (the array's dtype). */
  dtype: string;
  data: Uint8Array;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * For codecs without a v3 name: each config must be written `numcodecs.<id>` with the config
 * minus `id`, read back to the same config, and build a codec that encodes the payload to
 * numcodecs 0.11's bytes for the same config, decodes numcodecs' bytes to what numcodecs
 * decodes them to, and reports numcodecs' normalised config. Returns what broke (empty: all
 * held), so a test asserts `[]` and sees every failure at once.
 */
export async function numcodecsV3Failures(cases: V3NumcodecsCase[]): Promise<string[]> {
  const ref = reference(
    cases.map((c) => c.config),
    cases.map((c) => ({ config: c.config, dtype: c.dtype, data: c.data })),
  );
  const failures: string[] = [];
  for (let i = 0; i < cases.length; i++) {
    const { config, dtype, data } = cases[i]!;
    const what = JSON.stringify(config);
    const dt = parseDataType(dtype);
    const info = { dtype: dt.str, itemsize: dt.itemsize, shape: [data.length / dt.itemsize] };
    const { id, ...rest } = config;
    const v3 = codecConfigToV3(config, info);
    if (!isDeepStrictEqual(v3, { name: `numcodecs.${id}`, configuration: rest })) {
      failures.push(`${what}: written as ${JSON.stringify(v3)}`);
    }
    const back = codecConfigFromV3(v3, info, "codecs[0]");
    if (!isDeepStrictEqual(back, config)) {
      failures.push(`${what}: read back as ${JSON.stringify(back)}`);
    }
    const r = ref.results[i]!;
    if (r.error) {
      failures.push(`${what}: numcodecs raised ${r.error}`);
      continue;
    }
    const codec = await getCodec(back);
    const ours = await codec.encode(data, info);
    const oursBytes = new Uint8Array(
      (ours as ArrayBufferView).buffer,
      (ours as ArrayBufferView).byteOffset,
      (ours as ArrayBufferView).byteLength,
    );
    if (!sameBytes(oursBytes, r.theirs)) failures.push(`${what}: encodes unlike numcodecs`);
    const decoded = (await codec.decode(r.theirs, undefined, info)) as ArrayBufferView;
    const decodedBytes = new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
    if (!sameBytes(decodedBytes, r.theirsDecoded)) {
      failures.push(`${what}: decodes numcodecs' bytes unlike numcodecs`);
    }
    if (!isDeepStrictEqual(codec.toConfig(), ref.reprs[i]!.config)) {
      failures.push(
        `${what}: config ${JSON.stringify(codec.toConfig())}, numcodecs ${JSON.stringify(ref.reprs[i]!.config)}`,
      );
    }
  }
  return failures;
}
