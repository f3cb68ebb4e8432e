import type { Codec, CodecConfig } from "./codec.js";
import { CodecError } from "./errors.js";

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
};

/**
 * Register the factory for a codec id. Registering an id again replaces the earlier factory,
 * so an app can swap in its own implementation of a standard codec.
 */
export function registerCodec(id: string, factory: CodecFactory): void {
  if (typeof id !== "string" || id === "")
    throw new CodecError("registerCodec: id must be a non-empty string");
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
