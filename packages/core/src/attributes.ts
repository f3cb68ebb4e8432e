import { MetadataError, ReadOnlyError, ZarrError } from "./errors.js";
import { decodeJson, encodeJson, findNonJson } from "./json.js";
import { ATTRS_KEY, nodeKey } from "./metadata.js";
import type { Store } from "./store.js";

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * User attributes of an array or group, kept in `.zattrs`. Reads come from a cache loaded
 * when the node was opened; every change is written through at once, as zarr-python does.
 */
export class Attributes {
  readonly #store: Store;
  readonly #path: string;
  readonly #key: string;
  readonly #readOnly: boolean;
  #cache: Record<string, JsonValue>;

  constructor(store: Store, path: string, readOnly: boolean, initial: Record<string, JsonValue>) {
    this.#store = store;
    this.#path = path;
    this.#key = nodeKey(path, ATTRS_KEY);
    this.#readOnly = readOnly;
    this.#cache = initial;
  }

  /** Load attributes of the node at `path` (an absent `.zattrs` means none). */
  static async load(store: Store, path: string, readOnly: boolean): Promise<Attributes> {
    return new Attributes(store, path, readOnly, await readAttributes(store, path));
  }

  get(key: string): JsonValue | undefined {
    return this.#cache[key];
  }

  has(key: string): boolean {
    return Object.hasOwn(this.#cache, key);
  }

  keys(): string[] {
    return Object.keys(this.#cache).sort();
  }

  get size(): number {
    return Object.keys(this.#cache).length;
  }

  toJSON(): Record<string, JsonValue> {
    return structuredClone(this.#cache);
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.update({ [key]: value });
  }

  async update(values: Record<string, unknown>): Promise<void> {
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
      throw new ZarrError("attrs.update expects a plain object of attributes");
    }
    const bad = findNonJson(values);
    if (bad)
      throw new ZarrError(
        `attribute ${bad} is not JSON-serializable; attributes hold only JSON values`,
      );
    await this.#write({
      ...this.#cache,
      ...(structuredClone(values) as Record<string, JsonValue>),
    });
  }

  async delete(key: string): Promise<boolean> {
    if (!this.has(key)) return false;
    const next = { ...this.#cache };
    delete next[key];
    await this.#write(next);
    return true;
  }

  /** Replace all attributes at once. */
  async put(values: Record<string, unknown>): Promise<void> {
    const bad = findNonJson(values);
    if (bad)
      throw new ZarrError(
        `attribute ${bad} is not JSON-serializable; attributes hold only JSON values`,
      );
    await this.#write(structuredClone(values) as Record<string, JsonValue>);
  }

  /** Re-read `.zattrs` from the store (another writer may have changed it). */
  async refresh(): Promise<void> {
    this.#cache = await readAttributes(this.#store, this.#path);
  }

  async #write(next: Record<string, JsonValue>): Promise<void> {
    if (this.#readOnly)
      throw new ReadOnlyError(`cannot write attributes to ${this.#key}: opened read-only`);
    await this.#store.set(this.#key, encodeJson(next));
    this.#cache = next;
  }
}

export async function readAttributes(
  store: Store,
  path: string,
): Promise<Record<string, JsonValue>> {
  const key = nodeKey(path, ATTRS_KEY);
  const bytes = await store.get(key);
  if (bytes === undefined) return {};
  const doc = decodeJson(bytes, key);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    throw new MetadataError(`${key}: expected a JSON object`);
  return doc as Record<string, JsonValue>;
}
