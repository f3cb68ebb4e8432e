/**
 * LZMA configuration as Python's lzma module (so numcodecs) understands it: container formats,
 * integrity checks, presets and filter specifiers (`{"id": 3, "dist": 4}`), checked up front and
 * turned into a normalized filter chain that the backends can run.
 */
import { CodecError } from "@zarrkit/core";

export const FORMAT_AUTO = 0;
export const FORMAT_XZ = 1;
export const FORMAT_ALONE = 2;
export const FORMAT_RAW = 3;

export const CHECK_NONE = 0;
export const CHECK_CRC32 = 1;
export const CHECK_CRC64 = 4;
export const CHECK_SHA256 = 10;

export const PRESET_DEFAULT = 6;
export const PRESET_EXTREME = 0x80000000;

export const FILTER_X86 = 4;
export const FILTER_POWERPC = 5;
export const FILTER_IA64 = 6;
export const FILTER_ARM = 7;
export const FILTER_ARMTHUMB = 8;
export const FILTER_SPARC = 9;
export const FILTER_DELTA = 3;
export const FILTER_LZMA2 = 33;
/**
 * 2^62 + 1 does not fit in a double, so it is a bigint. zarrkit's metadata writer prints bigints
 * exactly; a config read with JSON.parse holds the rounded number 2^62, which is accepted too.
 */
export const FILTER_LZMA1 = 0x4000000000000001n;
const FILTER_LZMA1_ROUNDED = 2 ** 62;

export const MODE_FAST = 1;
export const MODE_NORMAL = 2;
export const MF_HC3 = 3;
export const MF_HC4 = 4;
export const MF_BT2 = 18;
export const MF_BT3 = 19;
export const MF_BT4 = 20;

/** One entry of `filters`, with Python's keys (`dict_size`, `nice_len`, `start_offset`, ...). */
export interface LZMAFilterSpec {
  /**
   * The filter id, as in Python's lzma: `LZMA.FILTER_DELTA` 3, the branch filters 4-9,
   * `LZMA.FILTER_LZMA2` 33 or `LZMA.FILTER_LZMA1` (2^62 + 1, a bigint).
   */
  id: number | bigint;
  [key: string]: unknown;
}

/** LZMA1/LZMA2 encoder settings after the preset and the explicit keys are applied. */
export interface LzmaSettings {
  dictSize: number;
  lc: number;
  lp: number;
  pb: number;
  mode: number;
  niceLen: number;
  mf: number;
  depth: number;
}

export type Filter =
  | { kind: "lzma1" | "lzma2"; settings: LzmaSettings }
  | { kind: "delta"; dist: number }
  | { kind: "bcj"; id: number; name: string; startOffset: number };

const BCJ_NAMES: Record<number, string> = {
  [FILTER_X86]: "X86",
  [FILTER_POWERPC]: "POWERPC",
  [FILTER_IA64]: "IA64",
  [FILTER_ARM]: "ARM",
  [FILTER_ARMTHUMB]: "ARMTHUMB",
  [FILTER_SPARC]: "SPARC",
};

export const FORMAT_NAMES: Record<number, string> = {
  [FORMAT_AUTO]: "FORMAT_AUTO",
  [FORMAT_XZ]: "FORMAT_XZ",
  [FORMAT_ALONE]: "FORMAT_ALONE",
  [FORMAT_RAW]: "FORMAT_RAW",
};

const fail = (message: string): never => {
  throw new CodecError(`lzma: ${message}`);
};
const show = (v: unknown) => (typeof v === "bigint" ? `${v}` : JSON.stringify(v));

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

/** A preset is a level 0-9, optionally or'ed with PRESET_EXTREME. */
export function checkPreset(value: unknown, where: string): number {
  const level = isInt(value) && value >= PRESET_EXTREME ? value - PRESET_EXTREME : value;
  if (!isInt(level) || level < 0 || level > 9) {
    fail(
      `${where} must be an integer from 0 to 9, optionally plus PRESET_EXTREME, got ${show(value)}`,
    );
  }
  return value as number;
}

/** What liblzma's preset levels mean for the LZMA1/LZMA2 encoder (xz's documented table). */
export function presetSettings(preset: number): LzmaSettings {
  const extreme = preset >= PRESET_EXTREME;
  const level = extreme ? preset - PRESET_EXTREME : preset;
  const dictLog = [18, 20, 21, 22, 22, 23, 23, 24, 25, 26][level]!;
  const fast = level <= 3;
  const s: LzmaSettings = {
    dictSize: 2 ** dictLog,
    lc: 3,
    lp: 0,
    pb: 2,
    mode: fast ? MODE_FAST : MODE_NORMAL,
    mf: fast ? (level === 0 ? MF_HC3 : MF_HC4) : MF_BT4,
    niceLen: fast ? (level <= 1 ? 128 : 273) : [16, 32, 64, 64, 64, 64][level - 4]!,
    depth: fast ? [4, 8, 24, 48][level]! : 0,
  };
  if (extreme) {
    s.mode = MODE_NORMAL;
    s.mf = MF_BT4;
    s.niceLen = level === 3 || level === 5 ? 192 : 273;
    s.depth = level === 3 || level === 5 ? 0 : 512;
  }
  return s;
}

const LZMA_KEYS: Record<string, keyof LzmaSettings> = {
  dict_size: "dictSize",
  lc: "lc",
  lp: "lp",
  pb: "pb",
  mode: "mode",
  nice_len: "niceLen",
  mf: "mf",
  depth: "depth",
};

function intField(
  spec: Record<string, unknown>,
  key: string,
  where: string,
  min: number,
  max: number,
) {
  const v = spec[key];
  if (!isInt(v) || v < min || v > max) {
    fail(`${where}: "${key}" must be an integer from ${min} to ${max}, got ${show(v)}`);
  }
  return v as number;
}

function parseFilter(spec: unknown, i: number): Filter {
  const where = `filters[${i}]`;
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    return fail(`${where} must be an object with an "id", got ${show(spec)}`);
  }
  const s = spec as Record<string, unknown>;
  // Small ids may come as bigints too (from a JSON reader that makes every integer one).
  const id = typeof s.id === "bigint" && s.id !== FILTER_LZMA1 ? Number(s.id) : s.id;
  if (id === undefined) return fail(`${where} has no "id"`);
  const keys = Object.keys(s).filter((k) => k !== "id");
  const only = (allowed: string[], what: string) => {
    const bad = keys.find((k) => !allowed.includes(k));
    if (bad !== undefined)
      fail(
        `${where}: unknown key "${bad}" for the ${what} filter (allowed: ${allowed.join(", ")})`,
      );
  };
  if (id === FILTER_LZMA1 || id === FILTER_LZMA1_ROUNDED || id === FILTER_LZMA2) {
    const kind = id === FILTER_LZMA2 ? "lzma2" : "lzma1";
    only(["preset", ...Object.keys(LZMA_KEYS)], kind.toUpperCase());
    const settings = presetSettings(
      s.preset === undefined ? PRESET_DEFAULT : checkPreset(s.preset, `${where}: "preset"`),
    );
    if (s.dict_size !== undefined)
      settings.dictSize = intField(s, "dict_size", where, 4096, 1536 * 2 ** 20);
    for (const key of ["lc", "lp", "pb"]) {
      if (s[key] !== undefined) settings[LZMA_KEYS[key]!] = intField(s, key, where, 0, 4);
    }
    if (settings.lc + settings.lp > 4) {
      fail(`${where}: "lc" + "lp" must be at most 4, got ${settings.lc + settings.lp}`);
    }
    if (s.mode !== undefined) {
      if (s.mode !== MODE_FAST && s.mode !== MODE_NORMAL) {
        fail(`${where}: "mode" must be MODE_FAST (1) or MODE_NORMAL (2), got ${show(s.mode)}`);
      }
      settings.mode = s.mode as number;
    }
    if (s.nice_len !== undefined) settings.niceLen = intField(s, "nice_len", where, 2, 273);
    if (s.mf !== undefined) {
      if (![MF_HC3, MF_HC4, MF_BT2, MF_BT3, MF_BT4].includes(s.mf as number)) {
        fail(
          `${where}: "mf" must be one of MF_HC3 (3), MF_HC4 (4), MF_BT2 (18), MF_BT3 (19), MF_BT4 (20), got ${show(s.mf)}`,
        );
      }
      settings.mf = s.mf as number;
    }
    if (s.depth !== undefined) settings.depth = intField(s, "depth", where, 0, 2 ** 32 - 1);
    return { kind, settings };
  }
  if (id === FILTER_DELTA) {
    only(["dist"], "delta");
    return { kind: "delta", dist: s.dist === undefined ? 1 : intField(s, "dist", where, 1, 256) };
  }
  if (isInt(id) && BCJ_NAMES[id] !== undefined) {
    only(["start_offset"], `${BCJ_NAMES[id]} branch`);
    const startOffset =
      s.start_offset === undefined ? 0 : intField(s, "start_offset", where, 0, 2 ** 32 - 1);
    return { kind: "bcj", id, name: BCJ_NAMES[id]!, startOffset };
  }
  return fail(`${where}: unknown filter id ${show(id)}`);
}

/**
 * Check a filter chain the way liblzma would for `format` (1 to 4 filters, LZMA1 or LZMA2 last
 * and only last; XZ takes no LZMA1; ALONE takes a single LZMA1) and normalize it.
 */
export function parseFilters(filters: unknown, format: number): Filter[] {
  if (!Array.isArray(filters))
    return fail(`"filters" must be null or a list, got ${show(filters)}`);
  if (filters.length === 0 || filters.length > 4) {
    fail(`"filters" must hold 1 to 4 filter specifiers, got ${filters.length}`);
  }
  const chain = filters.map(parseFilter);
  chain.forEach((f, i) => {
    const last = i === chain.length - 1;
    const lzma = f.kind === "lzma1" || f.kind === "lzma2";
    if (last && !lzma) fail(`"filters" must end with FILTER_LZMA1 or FILTER_LZMA2`);
    if (!last && lzma) fail(`filters[${i}]: LZMA1 and LZMA2 may only be the last filter`);
  });
  if (format === FORMAT_ALONE && (chain.length !== 1 || chain[0]!.kind !== "lzma1")) {
    fail(`FORMAT_ALONE takes a single FILTER_LZMA1 filter`);
  }
  if ((format === FORMAT_XZ || format === FORMAT_AUTO) && chain.some((f) => f.kind === "lzma1")) {
    fail(`${FORMAT_NAMES[format]} cannot use FILTER_LZMA1 (use FILTER_LZMA2)`);
  }
  return chain;
}

/** A deep copy of the specifiers as given, with a rounded LZMA1 id restored to its exact value. */
export function copySpecs(filters: readonly LZMAFilterSpec[]): LZMAFilterSpec[] {
  return filters.map((f) => {
    const copy: LZMAFilterSpec = { ...f };
    if (copy.id === FILTER_LZMA1_ROUNDED) copy.id = FILTER_LZMA1;
    return copy;
  });
}

/** Python's repr of a list of filter dicts: `[{'id': 3, 'dist': 4}, {'id': 33, 'preset': 1}]`. */
export function reprSpecs(filters: readonly LZMAFilterSpec[]): string {
  const value = (v: unknown): string => {
    if (v === null || v === undefined) return "None";
    if (v === true) return "True";
    if (v === false) return "False";
    if (typeof v === "string") return `'${v}'`;
    return String(v);
  };
  const dict = (f: LZMAFilterSpec) =>
    `{${Object.entries(f)
      .map(([k, v]) => `'${k}': ${value(v)}`)
      .join(", ")}}`;
  return `[${filters.map(dict).join(", ")}]`;
}
