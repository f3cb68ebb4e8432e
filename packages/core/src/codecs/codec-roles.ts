import type { Codec } from "./codec.js";
import { getCodec } from "./codec-registry.js";
import type { CodecChain } from "../metadata/array-metadata.js";
import type { DataType } from "../metadata/dtype.js";

/** An array's codecs by role, as the chunk pipeline takes them. */
export interface CodecRoles {
  readonly arrayToArray: readonly Codec[];
  readonly arrayToBytes: Codec | null;
  readonly bytesToBytes: readonly Codec[];
}

/**
 * v2's filters and compressor by role. Numeric filters see the stored bytes (numcodecs hands
 * them the array's buffer), so they are bytes->bytes after the implicit `bytes` step; an object
 * array's first filter is its object codec, the array->bytes step. Order "F" is not here: the
 * array folds it into its copies (a leading transpose the pipeline would not run anyway).
 */
export function v2CodecRoles(
  dtype: DataType,
  filters: readonly Codec[],
  compressor: Codec | null,
): CodecRoles {
  const tail = compressor ? [compressor] : [];
  if (dtype.kind === "O" && filters.length > 0)
    return {
      arrayToArray: [],
      arrayToBytes: filters[0]!,
      bytesToBytes: [...filters.slice(1), ...tail],
    };
  return { arrayToArray: [], arrayToBytes: null, bytesToBytes: [...filters, ...tail] };
}

/** Build the codecs of a chain of configs (the array model's `codecs`) through the registry. */
export async function resolveCodecRoles(chain: CodecChain): Promise<CodecRoles> {
  const [arrayToArray, arrayToBytes, bytesToBytes] = await Promise.all([
    Promise.all(chain.arrayToArray.map((c) => getCodec(c))),
    getCodec(chain.arrayToBytes),
    Promise.all(chain.bytesToBytes.map((c) => getCodec(c))),
  ]);
  return { arrayToArray, arrayToBytes, bytesToBytes };
}
