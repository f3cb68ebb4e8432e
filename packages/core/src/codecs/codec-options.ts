import { CodecError } from "../errors.js";

/**
 * Check a codec's options object as numcodecs' constructors check their keyword arguments: an
 * object whose keys are all in `keys` (a config's own `id` is allowed when it is `codecId`).
 * `name` is the codec's class name in numcodecs, for the message.
 *
 * @throws {@link CodecError} when `options` is not a plain object, holds an unknown key, or holds
 *   an `id` other than `codecId`; the message names the codec and the key.
 *
 * @example
 * ```ts
 * constructor(options: ZlibOptions = {}) {
 *   checkCodecOptions("zlib", "Zlib", options, ["level"]);
 *   // ...
 * }
 * ```
 */
export function checkCodecOptions(
  codecId: string,
  name: string,
  options: unknown,
  keys: readonly string[],
): void {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new CodecError(`${codecId}: options must be an object, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key === "id") {
      const id = (options as { id: unknown }).id;
      if (id === codecId) continue;
      throw new CodecError(
        `${codecId}: cannot build from a config whose id is ${JSON.stringify(id)}`,
      );
    }
    if (!keys.includes(key)) {
      throw new CodecError(
        `${codecId}: unknown configuration key "${key}" (${name} takes ${keys.join(", ")})`,
      );
    }
  }
}

/**
 * A boolean option, `dflt` when absent (null or undefined); anything but a boolean is refused.
 *
 * @throws {@link CodecError} naming the codec, the key and the value when it is not a boolean.
 */
export function booleanOption<K extends string>(
  codecId: string,
  options: Partial<Record<K, unknown>>,
  key: K,
  dflt: boolean,
): boolean {
  const v = options[key] ?? dflt;
  if (typeof v !== "boolean") {
    throw new CodecError(`${codecId}: ${key} must be true or false, got ${JSON.stringify(v)}`);
  }
  return v;
}
