import type { Codec, CodecConfig } from "./codec.js";
import { CodecError } from "../errors.js";

/** Builds a codec from its metadata config; may be async so a plugin can load WASM on demand. */
export type CodecFactory = (config: CodecConfig) => Codec | Promise<Codec>;

const factories = new Map<string, CodecFactory>();

/** The package that provides each standard id, named in the error for an unregistered id. */
const KNOWN_PROVIDERS: Record<string, string> = {
  blosc: "@zarrkit/codec-blosc",
  zlib: "@zarrkit/codec-zlib",
  gzip: "@zarrkit/codec-zlib",
  bz2: "@zarrkit/codec-bz2",
  lzma: "@zarrkit/codec-lzma",
  lz4: "@zarrkit/codec-lz4",
  zstd: "@zarrkit/codec-zstd",
  delta: "@zarrkit/filter-delta",
  fixedscaleoffset: "@zarrkit/filter-scale-offset",
  quantize: "@zarrkit/filter-quantize",
  packbits: "@zarrkit/filter-packbits",
  categorize: "@zarrkit/filter-categorize",
  astype: "@zarrkit/filter-astype",
  "vlen-utf8": "@zarrkit/codec-vlen",
  "vlen-bytes": "@zarrkit/codec-vlen",
  "vlen-array": "@zarrkit/codec-vlen",
  json2: "@zarrkit/codec-json",
  msgpack2: "@zarrkit/codec-msgpack",
};

/** The package that provides each standard codec id (what the unregistered-id error names). */
export function codecProviders(): Record<string, string> {
  return { ...KNOWN_PROVIDERS };
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
 */
export function registerCodec(id: string, factory: CodecFactory): void {
  if (typeof id !== "string" || id === "")
    throw new CodecError("registerCodec: id must be a non-empty string");
  if (id === "pickle") throw new CodecError(`registerCodec: ${PICKLE_REFUSAL}`);
  factories.set(id, factory);
}

export function isCodecRegistered(id: string): boolean {
  return factories.has(id);
}

export function registeredCodecIds(): string[] {
  return [...factories.keys()].sort();
}

/** Resolve a codec from its metadata config (`{ id: "zlib", level: 1 }`). */
export async function getCodec(config: CodecConfig): Promise<Codec> {
  if (config === null || typeof config !== "object" || typeof config.id !== "string") {
    throw new CodecError(
      `codec config must be an object with a string "id", got ${JSON.stringify(config)}`,
    );
  }
  if (config.id === "pickle") throw new CodecError(PICKLE_REFUSAL);
  const factory = factories.get(config.id);
  if (!factory) {
    const pkg = KNOWN_PROVIDERS[config.id];
    const hint = pkg
      ? `install and import "${pkg}" (or use the "zarrkit" package, which registers it)`
      : `import the package that provides it, which must call registerCodec("${config.id}", ...)`;
    throw new CodecError(`no codec registered for id "${config.id}": ${hint}`);
  }
  return factory(config);
}
