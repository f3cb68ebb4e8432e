import { storeSet } from "../store/store.js";
import { MetadataError, ReadOnlyError, ZarrError } from "../errors.js";
import {
  decodePyJson,
  encodeJson,
  type JsonValue,
  jsonChildPath,
  type PyJson,
  setOwn,
  toPlain,
  toPyJson,
} from "../metadata/json.js";
import { withKeyLock } from "../runtime/key-lock.js";
import { nodeKey } from "../metadata/node-path.js";
import { ATTRS_KEY } from "../metadata/v2.js";
import { encodeDocumentV3, V3_META_KEY } from "../metadata/v3.js";
import type { Store } from "../store/store.js";

type PyDocument = Record<string, PyJson>;

/**
 * User attributes of an array or group (zarr-python's `Attributes`, the `attrs` of
 * {@link ZarrArray} and {@link Group}), kept in `.zattrs` (v2) or in the `attributes` of
 * `zarr.json` (v3, where a change rewrites the whole document and keeps the rest of it).
 * Reads come from a cache loaded when the node was opened; every change is written through
 * at once, as zarr-python does.
 *
 * Beside the plain values handed out, the document is kept as Python wrote it (floats
 * marked as floats, wide integers as bigints), and a change is merged into it, so every key
 * and nested position the change leaves equal is written back exactly as it was read.
 *
 * @example
 * ```ts
 * await z.attrs.set("units", "m");
 * await z.attrs.update({ baz: 42, qux: [1, 4, 7, 12] });
 * z.attrs.get("baz"); // 42
 * z.attrs.toJSON(); // { units: "m", baz: 42, qux: [1, 4, 7, 12] }
 * ```
 */
export class Attributes {
  readonly #store: Store;
  readonly #path: string;
  readonly #key: string;
  readonly #readOnly: boolean;
  readonly #format: 2 | 3;
  #doc: PyDocument;
  #cache: Record<string, JsonValue>;

  /**
   * Attributes of the node at `path`, starting from `initial` without reading the store;
   * {@link Attributes.load} reads them. `initial` holds the attributes, plain or in the
   * Python form (with {@link PyFloat}s for floats written as floats).
   */
  constructor(
    store: Store,
    path: string,
    readOnly: boolean,
    initial: Record<string, unknown>,
    format: 2 | 3 = 2,
  ) {
    this.#store = store;
    this.#path = path;
    this.#format = format;
    this.#key = nodeKey(path, format === 3 ? V3_META_KEY : ATTRS_KEY);
    this.#readOnly = readOnly;
    this.#doc = toDocument(initial, undefined);
    this.#cache = toPlain(this.#doc) as Record<string, JsonValue>;
  }

  /**
   * Read the attributes of the node at `path` in `store` (an absent `.zattrs` means none);
   * arrays and groups do this when opened.
   *
   * @throws {@link MetadataError} when the stored attributes are not a JSON object.
   */
  static async load(
    store: Store,
    path: string,
    readOnly: boolean,
    format: 2 | 3 = 2,
  ): Promise<Attributes> {
    const doc = await readAttributeDocument(store, path, format);
    return new Attributes(store, path, readOnly, doc, format);
  }

  /**
   * The value of attribute `key`, or undefined when it is not set (zarr-python's
   * `attrs[key]`); a copy, so changing it changes nothing until it is set again.
   */
  get(key: string): JsonValue | undefined {
    return Object.hasOwn(this.#cache, key) ? structuredClone(this.#cache[key]) : undefined;
  }

  /** Whether attribute `key` is set (zarr-python's `key in attrs`). */
  has(key: string): boolean {
    return Object.hasOwn(this.#cache, key);
  }

  /** The attribute names, sorted. */
  keys(): string[] {
    return Object.keys(this.#cache).sort();
  }

  /** The number of attributes. */
  get size(): number {
    return Object.keys(this.#cache).length;
  }

  /**
   * All attributes as a plain object, a copy (zarr-python's `attrs.asdict()`); also what
   * `JSON.stringify(attrs)` writes.
   */
  toJSON(): Record<string, JsonValue> {
    return structuredClone(this.#cache);
  }

  /**
   * The attributes in Python's form (floats as PyFloat, wide integers as bigints), a copy:
   * `other.attrs.update(attrs.asPyJson())` copies them without turning `1.0` into `1`.
   */
  asPyJson(): Record<string, PyJson> {
    return toPyJson(this.#doc) as Record<string, PyJson>;
  }

  /**
   * Set one attribute and write the document at once (zarr-python's `attrs[key] = value`).
   * `value` must be JSON-compatible: null, booleans, numbers (bigints and NaN/Infinity are
   * written as Python writes them), strings, arrays and plain objects.
   *
   * @throws {@link ReadOnlyError} when the node was opened read-only.
   * @throws {@link ZarrError} when `value` cannot be written as JSON (naming the attribute).
   */
  async set(key: string, value: unknown): Promise<void> {
    await this.update({ [key]: value });
  }

  /**
   * Set several attributes in one write, keeping the others (zarr-python's `attrs.update`).
   * Every value is checked before anything is written.
   *
   * @throws {@link ReadOnlyError} when the node was opened read-only.
   * @throws {@link ZarrError} when `values` is not a plain object or a value cannot be written as JSON.
   */
  async update(values: Record<string, unknown>): Promise<void> {
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
      throw new ZarrError("attrs.update expects a plain object of attributes");
    }
    // Checked and copied now; merged into the document as it is when the write's turn comes.
    const fresh = toDocument(values, undefined);
    await this.#change(() => toDocument(fresh, this.#doc, this.#doc));
  }

  /**
   * Remove attribute `key` and write the document (zarr-python's `del attrs[key]`).
   *
   * @returns `true` when the attribute was there, `false` when it was not (nothing is written).
   * @throws {@link ReadOnlyError} when the node was opened read-only.
   */
  async delete(key: string): Promise<boolean> {
    return this.#change(() => {
      if (!Object.hasOwn(this.#doc, key)) return undefined;
      const next = { ...this.#doc };
      delete next[key];
      return next;
    });
  }

  /**
   * Replace all attributes at once in one write (zarr-python's `attrs.put`); values equal to
   * the current ones keep their stored form.
   *
   * @throws {@link ReadOnlyError} when the node was opened read-only.
   * @throws {@link ZarrError} when `values` is not a plain object or a value cannot be written as JSON.
   */
  async put(values: Record<string, unknown>): Promise<void> {
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
      throw new ZarrError("attrs.put expects a plain object of attributes");
    }
    const fresh = toDocument(values, undefined);
    await this.#change(() => toDocument(fresh, this.#doc));
  }

  /**
   * Re-read the attributes from the store (`.zattrs`, or v3's `zarr.json`), for when another
   * writer may have changed them (zarr-python's `attrs.refresh`).
   */
  async refresh(): Promise<void> {
    await withKeyLock(this.#store, this.#key, async () => {
      this.#doc = await readAttributeDocument(this.#store, this.#path, this.#format);
      this.#cache = toPlain(this.#doc) as Record<string, JsonValue>;
    });
  }

  /**
   * Write the document `next` computes from the stored one (nothing when it gives undefined).
   * As zarr-python does, each change starts from the stored document, not the cache, so a
   * change made through another Attributes object of the same node (or another process) is
   * kept. The store's key lock runs changes to this node one after another in call order, so
   * `Promise.all([set("a", 1), set("b", 2)])` keeps both, across Attributes objects too.
   */
  async #change(next: () => PyDocument | undefined): Promise<boolean> {
    if (this.#readOnly)
      throw new ReadOnlyError(`cannot write attributes to ${this.#key}: opened read-only`);
    return withKeyLock(this.#store, this.#key, async () => {
      this.#doc = await readAttributeDocument(this.#store, this.#path, this.#format);
      this.#cache = toPlain(this.#doc) as Record<string, JsonValue>;
      const doc = next();
      if (doc === undefined) return false;
      if (this.#format === 3) {
        const node = await readNodeDocument(this.#store, this.#key);
        // Replacing the value keeps "attributes" where it was among the document's keys.
        node.attributes = doc;
        await storeSet(this.#store, this.#key, encodeDocumentV3(node));
      } else await storeSet(this.#store, this.#key, encodeJson(doc));
      this.#doc = doc;
      this.#cache = toPlain(doc) as Record<string, JsonValue>;
      return true;
    });
  }
}

/**
 * Convert top-level attributes to the Python form, each compared with its current form in
 * `old`; `base` supplies the keys left as they are (for update). Every value is checked
 * before anything is written, and errors name the attribute.
 */
function toDocument(
  values: Record<string, unknown>,
  old: PyDocument | undefined,
  base?: PyDocument,
): PyDocument {
  const proto = Object.getPrototypeOf(values);
  if (proto !== Object.prototype && proto !== null)
    throw new ZarrError("attributes must be given as a plain object");
  const out: PyDocument = {};
  if (base) for (const k of Object.keys(base)) setOwn(out, k, base[k]);
  for (const k of Object.keys(values)) {
    const prev = old && Object.hasOwn(old, k) ? old[k] : undefined;
    setOwn(out, k, toPyJson(values[k], prev, jsonChildPath("attrs", k)));
  }
  return out;
}

async function readAttributeDocument(
  store: Store,
  path: string,
  format: 2 | 3 = 2,
): Promise<PyDocument> {
  if (format === 3) {
    const key = nodeKey(path, V3_META_KEY);
    const bytes = await store.get(key);
    if (bytes === undefined) return {};
    const attrs = (await readNodeDocument(store, key, bytes)).attributes ?? {};
    if (
      attrs === null ||
      typeof attrs !== "object" ||
      Array.isArray(attrs) ||
      !isPlainDocument(attrs)
    )
      throw new MetadataError(`${key}: field "attributes" must be a JSON object`);
    return attrs;
  }
  const key = nodeKey(path, ATTRS_KEY);
  const bytes = await store.get(key);
  if (bytes === undefined) return {};
  const doc = decodePyJson(bytes, key);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc) || !isPlainDocument(doc))
    throw new MetadataError(`${key}: expected a JSON object`);
  return doc;
}

/** A whole `zarr.json`, in Python's form so every other field is written back as it was. */
async function readNodeDocument(
  store: Store,
  key: string,
  bytes?: Uint8Array,
): Promise<PyDocument> {
  const b = bytes ?? (await store.get(key));
  if (b === undefined)
    throw new MetadataError(
      `${key}: the node's metadata document is gone; attributes cannot be written`,
    );
  const doc = decodePyJson(b, key);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc) || !isPlainDocument(doc))
    throw new MetadataError(`${key}: expected a JSON object`);
  return doc;
}

function isPlainDocument(doc: object): doc is PyDocument {
  return Object.getPrototypeOf(doc) === Object.prototype;
}

/** The attributes stored for the node at `path`, as plain values. */
export async function readAttributes(
  store: Store,
  path: string,
  format: 2 | 3 = 2,
): Promise<Record<string, JsonValue>> {
  return toPlain(await readAttributeDocument(store, path, format)) as Record<string, JsonValue>;
}
