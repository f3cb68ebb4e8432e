import type { RunnableChain } from "./chain-runner.js";
import type { CodecConfig } from "./codec.js";
import { isCodecRegistered } from "./codec-registry.js";
import { type DataType, typedArrayFor } from "../metadata/dtype.js";
import type { CodecTask } from "../runtime/executor.js";

/**
 * What of a chain an executor can run, decided once per pipeline. An executor rebuilds codecs
 * from their configs through its registry and sends chunks as bytes, so:
 * - the whole chain goes when every codec has a registered config and the chunk in memory is a
 *   typed array (its bytes are the message);
 * - only the bytes->bytes codecs go when the array side cannot (strings and records are JS
 *   values; an array->array codec this registry does not know), and the caller runs the rest;
 * - nothing goes for object arrays, when a bytes->bytes codec cannot be rebuilt, or when the
 *   chain is plain `bytes` alone.
 */
export interface HandoffPlan {
  /** Steps of the chain the executor skips (0: the whole chain; else the array side). */
  readonly skip: number;
  /** Configs of the steps the executor runs. */
  readonly configs: readonly CodecConfig[];
  readonly ids: readonly string[];
}

export function planHandoff(chain: RunnableChain, dtype: DataType): HandoffPlan | null {
  const bytesSide = chain.codecs.length > chain.arraySteps;
  // Plain bytes alone is a copy at most: not worth a message to a worker.
  const plainBytes = chain.arraySteps === 1 && chain.codecs[0]!.id === "bytes";
  if (dtype.kind === "O" || (plainBytes && !bytesSide)) return null;
  const configs: CodecConfig[] = [];
  let arrayOk = typedArrayFor(dtype) !== undefined;
  for (let i = 0; i < chain.codecs.length; i++) {
    let config: CodecConfig | undefined;
    try {
      config = chain.codecs[i]!.toConfig();
    } catch {}
    const ok =
      config !== undefined && typeof config.id === "string" && isCodecRegistered(config.id);
    if (i < chain.arraySteps) arrayOk &&= ok;
    else if (!ok) return null;
    configs.push(config ?? { id: chain.codecs[i]!.id });
  }
  if (!arrayOk && !bytesSide) return null;
  const skip = arrayOk ? 0 : chain.arraySteps;
  const mine = configs.slice(skip);
  return { skip, configs: mine, ids: mine.map((c) => c.id) };
}

/** The task for one chunk under `plan`: step indices are relative to the steps it runs. */
export function taskFor(
  plan: HandoffPlan,
  chain: RunnableChain,
  op: "decode" | "encode",
  data: ArrayBuffer,
): CodecTask {
  const d = chain.decodeOutput;
  return {
    op,
    codecs: plan.configs,
    infos: chain.infos.slice(plan.skip),
    arraySteps: plan.skip === 0 ? chain.arraySteps : 0,
    data,
    ...(op === "decode" && d && d.step >= plan.skip
      ? { decodeOutput: { step: d.step - plan.skip, nbytes: d.nbytes } }
      : {}),
  };
}
