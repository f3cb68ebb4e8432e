import type { ChunkInfo, Codec, CodecConfig } from "./codec.js";
import { CodecError } from "../errors.js";
import { BUILTIN_CODECS } from "./builtin-codecs.js";

/**
 * Builds a codec from its metadata config (numcodecs' `Codec.from_config`); may be async so a
 * plugin can load WASM on demand. It should throw a {@link CodecError} naming the field for a
 * config it cannot accept.
 */
export type CodecFactory = (config: CodecConfig) => Codec | Promise<Codec>;

const factories = new Map<string, CodecFactory>();

/**
 * How a codec appears in a Zarr v3 `zarr.json` when its v3 form differs from its numcodecs
 * one. Without it a codec is written as `numcodecs.<id>` with its config minus `id`, as
 * zarr-python 3 writes any numcodecs codec.
 */
export interface V3CodecNaming {
  /** The codec's `name` in `zarr.json` (`blosc`, `gzip`, `crc32c`, `bytes`). */
  readonly name: string;
  /**
   * The v3 `configuration` as this codec's config (`{ id, ... }`, what its factory takes).
   * `info` describes the codec's input at its place in the chain. Default: `{ id, ...configuration }`.
   */
  fromV3?(configuration: Readonly<Record<string, unknown>>, info: ChunkInfo): CodecConfig;
  /** This codec's config as the v3 `configuration`. Default: the config minus `id`. */
  toV3?(config: CodecConfig, info: ChunkInfo): Record<string, unknown>;
}

/** Options of {@link registerCodec}: how the codec maps to Zarr v3 and to h5py-style arguments. */
export interface RegisterCodecOptions {
  /** The codec's Zarr v3 name and configuration mapping (see `V3CodecNaming`). */
  readonly v3?: V3CodecNaming;
  /**
   * The config key of the codec's first positional parameter in numcodecs (`level` for Zlib,
   * `cname` for Blosc), so h5py-style `compression_opts=1` can name it.
   */
  readonly firstParameter?: string;
  /**
   * The config as a v2 `.zarray` holds it, for a codec whose config can carry keys that only
   * Zarr v3 has (Blosc's `typesize`, Zstd's `checksum`): numcodecs 0.11 refuses unknown keys.
   */
  readonly toV2?: (config: CodecConfig) => CodecConfig;
}

const v3ById = new Map<string, V3CodecNaming>();
const firstParameters = new Map<string, string>();
const v2Forms = new Map<string, (config: CodecConfig) => CodecConfig>();

/** A codec config as `.zarray` may hold it (see `RegisterCodecOptions.toV2`). */
export function codecConfigToV2(config: CodecConfig): CodecConfig {
  const toV2 = v2Forms.get(config.id);
  return toV2 ? { ...toV2(config), id: config.id } : config;
}

/** The config key of a registered codec's first positional parameter, if it declared one. */
export function codecFirstParameter(id: string): string | undefined {
  return firstParameters.get(id);
}
const idByV3Name = new Map<string, string>();

/** A codec as `zarr.json` lists it (`{ "name": "blosc", "configuration": { ... } }`). */
export interface V3CodecJson {
  /** The codec's v3 name (`bytes`, `blosc`, `numcodecs.delta`, ...). */
  readonly name: string;
  /** The codec's parameters; absent (or empty) for a codec without any. */
  readonly configuration?: Record<string, unknown>;
}

/**
 * Loading a pickle runs whatever code its bytes name, so a store anyone could have written
 * would be a way to run code in the reader: zarrkit refuses the id outright, for reading,
 * writing and registering alike.
 */
const PICKLE_REFUSAL =
  'codec "pickle" is refused: decoding Pickle data can execute arbitrary code (Python\'s pickle ' +
  "runs whatever the stored bytes tell it to), so zarrkit never decodes or registers it. " +
  "Re-encode the array in Python with an object codec that stores data, not code: " +
  "numcodecs.JSON (json2), numcodecs.MsgPack (msgpack2) or, for strings, numcodecs.VLenUTF8 (vlen-utf8)";

/**
 * Register the factory for a codec id. Registering an id again replaces the earlier factory,
 * so an app can swap in its own implementation of a standard codec. `pickle` is refused.
 *
 * numcodecs' `register_codec`. Codec plugins call it when imported; arrays whose metadata names
 * the id then build their codec through `factory`.
 *
 * @param id - The id as it appears in the metadata (`"zlib"`); prefix ids of your own codecs
 *   (`"mycompany-rle"`) so they cannot clash with a numcodecs id.
 * @param factory - Builds the codec from its config.
 * @param options - The codec's v3 naming and h5py-style first parameter. Default: none.
 * @throws {@link CodecError} when `id` is empty or `"pickle"`, or `options.v3.name` is empty.
 *
 * @example
 * ```ts
 * registerCodec("example-invert", (config) => new Invert(config));
 * const codec = await getCodec({ id: "example-invert" });
 * ```
 */
export function registerCodec(
  id: string,
  factory: CodecFactory,
  options: RegisterCodecOptions = {},
): void {
  if (typeof id !== "string" || id === "")
    throw new CodecError("registerCodec: id must be a non-empty string");
  if (id === "pickle") throw new CodecError(`registerCodec: ${PICKLE_REFUSAL}`);
  factories.set(id, factory);
  if (options.firstParameter) firstParameters.set(id, options.firstParameter);
  else firstParameters.delete(id);
  if (options.toV2) v2Forms.set(id, options.toV2);
  else v2Forms.delete(id);
  if (options.v3) {
    if (typeof options.v3.name !== "string" || options.v3.name === "")
      throw new CodecError(`registerCodec("${id}"): v3.name must be a non-empty string`);
    v3ById.set(id, options.v3);
    idByV3Name.set(options.v3.name, id);
  }
}

/**
 * The codec config for one entry of a v3 `codecs` list (`{ name, configuration }`, or a bare
 * name). `numcodecs.<id>` maps to numcodecs id `<id>`; `where` names the entry in errors.
 * `info` describes the codec's input at its place in the chain (some v3 forms depend on it).
 *
 * @throws {@link CodecError} when the entry is not a `{ name, configuration }` object or bare
 *   name, when the configuration is not an object, for `pickle`, or when the codec's own
 *   `fromV3` refuses it.
 */
export function codecConfigFromV3(entry: unknown, info: ChunkInfo, where: string): CodecConfig {
  const e = typeof entry === "string" ? { name: entry } : entry;
  if (
    e === null ||
    typeof e !== "object" ||
    Array.isArray(e) ||
    typeof (e as { name?: unknown }).name !== "string"
  ) {
    throw new CodecError(
      `${where}: a codec must be an object with a string "name", got ${JSON.stringify(entry)}`,
    );
  }
  const { name, configuration } = e as { name: string; configuration?: unknown };
  if (
    configuration !== undefined &&
    (configuration === null || typeof configuration !== "object" || Array.isArray(configuration))
  ) {
    throw new CodecError(
      `${where}: codec "${name}": "configuration" must be an object, got ${JSON.stringify(configuration)}`,
    );
  }
  const conf = (configuration ?? {}) as Record<string, unknown>;
  const id = name.startsWith("numcodecs.")
    ? name.slice("numcodecs.".length)
    : (idByV3Name.get(name) ?? builtinIdForV3(name) ?? name);
  if (id === "pickle") throw new CodecError(`${where}: ${PICKLE_REFUSAL}`);
  const naming = v3NamingOf(id);
  if (naming?.fromV3 && !name.startsWith("numcodecs.")) {
    try {
      return naming.fromV3(conf, info);
    } catch (e) {
      throw new CodecError(`${where}: codec "${name}": ${(e as Error).message}`, { cause: e });
    }
  }
  return { ...conf, id };
}

/** The v3 `codecs` entry for a codec config (the inverse of `codecConfigFromV3`). */
export function codecConfigToV3(config: CodecConfig, info: ChunkInfo): V3CodecJson {
  const naming = v3NamingOf(config.id);
  if (naming) {
    const configuration = naming.toV3 ? naming.toV3(config, info) : withoutId(config);
    return { name: naming.name, configuration };
  }
  return { name: `numcodecs.${config.id}`, configuration: withoutId(config) };
}

function withoutId(config: CodecConfig): Record<string, unknown> {
  const { id: _id, ...rest } = config;
  return rest;
}

/**
 * True when {@link getCodec} can build a codec for `id`: registered by a plugin or your own
 * code, or built into core (`bytes`, `transpose`, `crc32c`, `sharding_indexed`).
 */
export function isCodecRegistered(id: string): boolean {
  return factories.has(id) || Object.hasOwn(BUILTIN_CODECS, id);
}

/**
 * Every codec id {@link getCodec} can build right now (registered and built-in), sorted: what
 * the imported plugins provide.
 */
export function registeredCodecIds(): string[] {
  return [...new Set([...factories.keys(), ...Object.keys(BUILTIN_CODECS)])].sort();
}

/** A registered codec's v3 naming, else a built-in one's (an app may replace a built-in). */
function v3NamingOf(id: string): V3CodecNaming | undefined {
  return v3ById.get(id) ?? (Object.hasOwn(BUILTIN_CODECS, id) ? BUILTIN_CODECS[id]!.v3 : undefined);
}

function builtinIdForV3(name: string): string | undefined {
  for (const [id, b] of Object.entries(BUILTIN_CODECS)) if (b.v3.name === name) return id;
  return undefined;
}

/**
 * The codec for a metadata config (`{ id: "zlib", level: 1 }`), built by the factory registered
 * for its id: numcodecs' `get_codec`.
 *
 * @throws {@link CodecError} when the config has no string `id`, the id is `pickle`, or no
 *   codec is registered for it (the message says which package to install and import); and
 *   whatever the factory throws for a config it refuses.
 *
 * @example
 * ```ts
 * import "@zarrkit/codec-zlib"; // registers "zlib"
 * const zlib = await getCodec({ id: "zlib", level: 1 });
 * const bytes = await zlib.encode(new Uint8Array(1000));
 * ```
 */
export async function getCodec(config: CodecConfig): Promise<Codec> {
  if (config === null || typeof config !== "object" || typeof config.id !== "string") {
    throw new CodecError(
      `codec config must be an object with a string "id", got ${JSON.stringify(config)}`,
    );
  }
  if (config.id === "pickle") throw new CodecError(PICKLE_REFUSAL);
  const factory =
    factories.get(config.id) ??
    (Object.hasOwn(BUILTIN_CODECS, config.id) ? BUILTIN_CODECS[config.id]!.factory : undefined);
  if (!factory) {
    throw new CodecError(
      `no codec registered for id "${config.id}": install and import the package that provides it ` +
        `(it calls registerCodec("${config.id}", ...)); the "zarrkit" package registers every ` +
        "standard codec, and the package table of the docs (index page) names the package of each",
    );
  }
  return factory(config);
}
