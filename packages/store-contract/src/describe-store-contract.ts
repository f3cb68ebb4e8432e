import {
  type ByteRange,
  isWritable,
  listKeys,
  ReadOnlyError,
  rangeBounds,
  readRange,
  type Store,
  StoreKeyError,
  storeDelete,
  storeDeletePrefix,
  storeHas,
  storeListDir,
  storeSet,
  ZarrError,
} from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { firstDifference, patternBytes, textBytes } from "./bytes.js";
import type { OpenedStore, StoreCapabilities, StoreContractOptions } from "./capabilities.js";
import {
  HOSTILE_KEYS,
  HOSTILE_PREFIXES,
  PORTABLE_KEYS,
  PUNCTUATION_KEYS,
  SPACE_KEYS,
  UNICODE_KEYS,
} from "./contract-keys.js";

const MiB = 1024 * 1024;
/** The large value the contract round-trips. */
export const LARGE_VALUE_BYTES = 64 * MiB;

/**
 * A tree whose keys share prefixes with a folder's name in every way a listing can get
 * wrong: `a/b/` is a folder, `a/bc` and `ab` are not in it, and `a/b-c` and `a/b.c` sort
 * between `a/b` and `a/b/` (`-` and `.` come before `/`).
 */
const TREE: Readonly<Record<string, Uint8Array>> = Object.fromEntries(
  ["a/b/c", "a/b/d/e", "a/bc", "a/b-c", "a/b.c", "a/x", "ab", "b", ".zgroup"].map((k) => [
    k,
    textBytes(`value of ${k}`),
  ]),
);
const TREE_KEYS = Object.keys(TREE).sort();

/** 100 bytes 0..99: a range's expected bytes are its positions. */
const HUNDRED = Uint8Array.from({ length: 100 }, (_, i) => i);

/**
 * Every edge of a range read over the 100-byte value, with the `[start, end)` it selects
 * written out by hand (and checked against core's `rangeBounds`, whose semantics these are).
 */
const RANGE_EDGES: readonly [string, ByteRange, number, number][] = [
  ["zero length at 0", { offset: 0, length: 0 }, 0, 0],
  ["zero length inside", { offset: 10, length: 0 }, 10, 10],
  ["zero length at the end", { offset: 100, length: 0 }, 100, 100],
  ["zero length past the end", { offset: 150, length: 0 }, 100, 100],
  ["whole value by offset 0", { offset: 0 }, 0, 100],
  ["whole value by exact length", { offset: 0, length: 100 }, 0, 100],
  ["length past the end", { offset: 0, length: 1000 }, 0, 100],
  ["inside", { offset: 10, length: 20 }, 10, 30],
  ["crossing the end", { offset: 90, length: 20 }, 90, 100],
  ["last byte", { offset: 99 }, 99, 100],
  ["offset at the end", { offset: 100 }, 100, 100],
  ["offset past the end", { offset: 150 }, 100, 100],
  ["offset and length past the end", { offset: 150, length: 10 }, 100, 100],
  ["suffix 0", { suffixLength: 0 }, 100, 100],
  ["suffix 1", { suffixLength: 1 }, 99, 100],
  ["suffix of the whole value", { suffixLength: 100 }, 0, 100],
  ["suffix one longer than the value", { suffixLength: 101 }, 0, 100],
  ["suffix far longer than the value", { suffixLength: 1000 }, 0, 100],
];

/** Ranges of an empty value: all select nothing. */
const EMPTY_EDGES: readonly ByteRange[] = [
  { offset: 0 },
  { offset: 0, length: 0 },
  { offset: 0, length: 5 },
  { offset: 5 },
  { suffixLength: 0 },
  { suffixLength: 5 },
];

const BAD_RANGES: readonly ByteRange[] = [
  { offset: -1 },
  { offset: 1.5 },
  { offset: Number.NaN },
  { offset: 0, length: -1 },
  { offset: 0, length: 2.5 },
  { suffixLength: -1 },
  { suffixLength: 0.5 },
];

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    return e;
  }
  return undefined;
}

/** The call fails with `Kind` (a missing error is reported as such, not as a pass). */
async function expectError(
  what: string,
  call: () => unknown,
  Kind: abstract new (...args: never[]) => Error,
): Promise<Error> {
  const err = await rejection(call);
  expect(err, `${what}: expected a ${Kind.name}, but it did not fail`).toBeDefined();
  expect(err, `${what}: ${String(err)}`).toBeInstanceOf(Kind);
  return err as Error;
}

/** The bytes are exactly `expected` (a cheap comparison that names the first difference). */
function expectBytes(actual: Uint8Array | undefined, expected: Uint8Array, what: string): void {
  expect(actual, `${what}: not found`).toBeDefined();
  expect(actual, `${what}: not a Uint8Array`).toBeInstanceOf(Uint8Array);
  const a = actual as Uint8Array;
  expect(a.byteLength, `${what}: length`).toBe(expected.byteLength);
  expect(firstDifference(a, expected), `${what}: first differing byte`).toBe(-1);
}

function sorted(xs: Iterable<string>): string[] {
  return [...xs].sort();
}

/** Every listed key once, and the set of them. */
async function listed(store: Store, prefix?: string): Promise<string[]> {
  const keys = await listKeys(store, prefix);
  expect(new Set(keys).size, `list(${JSON.stringify(prefix)}) repeats a key: ${keys}`).toBe(
    keys.length,
  );
  return sorted(keys);
}

function valuesOf(keys: readonly string[]): Record<string, Uint8Array> {
  return Object.fromEntries(keys.map((k) => [k, textBytes(`value of ${k}`)]));
}

async function expectHolds(
  store: Store,
  values: Record<string, Uint8Array>,
  what: string,
): Promise<void> {
  for (const [k, v] of Object.entries(values))
    expectBytes(await store.get(k), v, `${what}: get(${JSON.stringify(k)})`);
}

/**
 * Register the store contract suite: a `describe` block of checks any store's test file runs
 * with a factory that opens the store over given contents and the capabilities it declares.
 * A new store is done when it passes.
 */
export function describeStoreContract(name: string, options: StoreContractOptions): void {
  const caps: Required<StoreCapabilities> = {
    readOnly: false,
    spacesInKeys: true,
    punctuationInKeys: true,
    ...options.capabilities,
  };
  const timeout = options.timeoutMs ?? 60_000;
  const check = (title: string, body: () => Promise<void>, ms = timeout) => it(title, body, ms);
  if (caps.readOnly && caps.write)
    throw new Error(`${name}: capabilities say readOnly and write at once`);

  async function withStore(
    initial: Record<string, Uint8Array>,
    body: (store: Store) => Promise<void>,
  ): Promise<void> {
    const opened: OpenedStore = await options.open(initial);
    try {
      await body(opened.store);
    } finally {
      await opened.cleanup?.();
    }
  }

  const optionalKeys: [string, readonly string[], boolean][] = [
    ["spaces", SPACE_KEYS, caps.spacesInKeys],
    ["URL and shell punctuation", PUNCTUATION_KEYS, caps.punctuationInKeys],
  ];
  const allowedKeys = [
    ...PORTABLE_KEYS,
    ...UNICODE_KEYS,
    ...optionalKeys.flatMap(([, keys, ok]) => (ok ? keys : [])),
  ];

  describe(`${name}: store contract`, () => {
    check("declares what it can do truthfully", async () => {
      await withStore({}, async (store) => {
        expect(typeof store.get, "get").toBe("function");
        expect(typeof store.getRange === "function", "getRange vs rangeRead").toBe(caps.rangeRead);
        expect(typeof store.list === "function", "list vs list").toBe(caps.list);
        expect(typeof store.listDir === "function", "listDir vs listDir").toBe(caps.listDir);
        expect(typeof store.deletePrefix === "function", "deletePrefix vs deletePrefix").toBe(
          caps.deletePrefix,
        );
        expect(isWritable(store), "isWritable vs write").toBe(caps.write);
        if (caps.readOnly) expect(store.readOnly, "readOnly").toBe(true);
        const text = String(store);
        expect(text, "toString names the store").toMatch(/\S/);
        expect(text).not.toBe("[object Object]");
      });
    });

    describe("reads", () => {
      check(
        "finds nothing at a missing key: undefined, never an error or an empty value",
        async () => {
          await withStore(
            { "a/b/c": textBytes("abc"), ab: textBytes("ab"), empty: new Uint8Array(0) },
            async (store) => {
              // missing outright, a folder of keys, and a path below a value
              for (const key of ["missing", "a/b", "a", "ab/x", "a/b/c/d", "A/B/C"]) {
                expect(await store.get(key), `get(${JSON.stringify(key)})`).toBeUndefined();
                expect(
                  await readRange(store, key, { offset: 0, length: 1 }),
                  `range of ${key}`,
                ).toBeUndefined();
                expect(
                  await readRange(store, key, { suffixLength: 1 }),
                  `suffix of ${key}`,
                ).toBeUndefined();
                expect(await storeHas(store, key), `has(${JSON.stringify(key)})`).toBe(false);
              }
              expectBytes(await store.get("a/b/c"), textBytes("abc"), "a/b/c");
              // an empty value is found, and is not "missing"
              expectBytes(await store.get("empty"), new Uint8Array(0), "empty value");
              expect(await storeHas(store, "empty"), "has(empty)").toBe(true);
            },
          );
        },
      );

      check("reads ranges at every edge as core's rangeBounds selects them", async () => {
        await withStore({ r: HUNDRED, empty: new Uint8Array(0) }, async (store) => {
          for (const [what, range, start, end] of RANGE_EDGES) {
            expect(rangeBounds(range, 100, "r"), `rangeBounds, ${what}`).toEqual([start, end]);
            const want = HUNDRED.subarray(start, end);
            expectBytes(await readRange(store, "r", range), want, `readRange, ${what}`);
            if (store.getRange)
              expectBytes(await store.getRange("r", range), want, `getRange, ${what}`);
          }
          for (const range of EMPTY_EDGES)
            expectBytes(
              await readRange(store, "empty", range),
              new Uint8Array(0),
              `range ${JSON.stringify(range)} of an empty value`,
            );
          expect(await readRange(store, "missing", { offset: 150 })).toBeUndefined();
        });
      });

      check("refuses malformed ranges with a StoreKeyError naming the key", async () => {
        await withStore({ r: HUNDRED }, async (store) => {
          for (const range of BAD_RANGES) {
            const err = await expectError(
              `readRange ${JSON.stringify(range)}`,
              () => readRange(store, "r", range),
              StoreKeyError,
            );
            expect(err.message).toContain('"r"');
          }
        });
      });

      check("reads back keys of every allowed character", async () => {
        const values = valuesOf(allowedKeys);
        await withStore(values, async (store) => {
          await expectHolds(store, values, "seeded");
          if (caps.list) expect(await listed(store)).toEqual(sorted(allowedKeys));
        });
      });

      check("refuses hostile keys with a StoreKeyError for every read", async () => {
        await withStore({ "a/b": textBytes("ab"), outside: textBytes("o") }, async (store) => {
          for (const key of HOSTILE_KEYS) {
            const k = JSON.stringify(key);
            await expectError(`get(${k})`, () => store.get(key), StoreKeyError);
            await expectError(
              `readRange(${k})`,
              () => readRange(store, key, { offset: 0 }),
              StoreKeyError,
            );
            if (store.has) await expectError(`has(${k})`, () => store.has?.(key), StoreKeyError);
          }
        });
      });

      for (const [what, keys, ok] of optionalKeys)
        if (!ok)
          check(
            `refuses keys with ${what} with a StoreKeyError (declared unsupported)`,
            async () => {
              await withStore({}, async (store) => {
                for (const key of keys)
                  await expectError(
                    `get(${JSON.stringify(key)})`,
                    () => store.get(key),
                    StoreKeyError,
                  );
              });
            },
          );
    });

    describe("listing", () => {
      if (!caps.list) {
        check(
          "has no list: core's listKeys and storeListDir fail with a ZarrError naming the store",
          async () => {
            await withStore(TREE, async (store) => {
              for (const call of [() => listKeys(store), () => storeListDir(store, "")]) {
                const err = await expectError("listing", call, ZarrError);
                expect(err.message).toContain(String(store));
                expect(err.message).toMatch(/cannot list/);
              }
            });
          },
        );
        return;
      }

      check(
        "lists every key under a prefix, telling a folder from names that share its prefix",
        async () => {
          await withStore(TREE, async (store) => {
            const under = (p: string) => TREE_KEYS.filter((k) => k.startsWith(p));
            expect(await listed(store)).toEqual(TREE_KEYS);
            expect(await listed(store, "")).toEqual(TREE_KEYS);
            expect(await listed(store, "a/b/")).toEqual(["a/b/c", "a/b/d/e"]);
            expect(await listed(store, "a/b")).toEqual([
              "a/b-c",
              "a/b.c",
              "a/b/c",
              "a/b/d/e",
              "a/bc",
            ]);
            expect(await listed(store, "a/")).toEqual(under("a/"));
            expect(await listed(store, "a")).toEqual(under("a"));
            expect(await listed(store, "ab")).toEqual(["ab"]);
            expect(await listed(store, "a/b/d/")).toEqual(["a/b/d/e"]);
            expect(await listed(store, ".z")).toEqual([".zgroup"]);
            expect(await listed(store, "missing/")).toEqual([]);
            expect(await listed(store, "a/b/c/")).toEqual([]);
            expect(await listed(store, "a/bc/")).toEqual([]);
            // a prefix that is a whole key matches it (and what shares its text)
            expect(await listed(store, "a/b/c")).toEqual(["a/b/c"]);
            expect(await listed(store, "a/bc")).toEqual(["a/bc"]);
          });
        },
      );

      check("lists the immediate children of a folder (listDir)", async () => {
        await withStore(TREE, async (store) => {
          const cases: [string, string[], string[]][] = [
            ["", [".zgroup", "ab", "b"], ["a"]],
            ["a/", ["b-c", "b.c", "bc", "x"], ["b"]],
            ["a/b/", ["c"], ["d"]],
            ["a/b/d/", ["e"], []],
            ["missing/", [], []],
          ];
          for (const [prefix, keys, prefixes] of cases) {
            const viaCore = await storeListDir(store, prefix);
            expect(sorted(viaCore.keys), `storeListDir(${prefix}).keys`).toEqual(keys);
            expect(sorted(viaCore.prefixes), `storeListDir(${prefix}).prefixes`).toEqual(prefixes);
            expect(viaCore.keys.length + viaCore.prefixes.length, "no repeats").toBe(
              keys.length + prefixes.length,
            );
            if (store.listDir) {
              const own = await store.listDir(prefix);
              expect(sorted(own.keys), `listDir(${prefix}).keys`).toEqual(keys);
              expect(sorted(own.prefixes), `listDir(${prefix}).prefixes`).toEqual(prefixes);
            }
          }
        });
      });

      check("refuses hostile listing prefixes with a StoreKeyError", async () => {
        await withStore(TREE, async (store) => {
          for (const prefix of HOSTILE_PREFIXES) {
            const p = JSON.stringify(prefix);
            await expectError(`list(${p})`, () => listKeys(store, prefix), StoreKeyError);
            if (store.listDir)
              await expectError(`listDir(${p})`, () => store.listDir?.(prefix), StoreKeyError);
          }
        });
      });
    });

    if (caps.write) describeWrites();
    else describeReadOnly();

    function describeWrites(): void {
      describe("writes", () => {
        check("writes, overwrites (longer then shorter) and reads back", async () => {
          await withStore({}, async (store) => {
            await storeSet(store, "k", patternBytes(1000, 1));
            expectBytes(await store.get("k"), patternBytes(1000, 1), "first write");
            await storeSet(store, "k", patternBytes(5000, 2));
            expectBytes(await store.get("k"), patternBytes(5000, 2), "longer overwrite");
            await storeSet(store, "k", textBytes("short"));
            expectBytes(await store.get("k"), textBytes("short"), "shorter overwrite");
            expectBytes(
              await readRange(store, "k", { suffixLength: 3 }),
              textBytes("ort"),
              "suffix after overwrite",
            );
            expectBytes(
              await readRange(store, "k", { offset: 3, length: 100 }),
              textBytes("rt"),
              "range after overwrite",
            );
            await storeSet(store, "empty", new Uint8Array(0));
            expectBytes(await store.get("empty"), new Uint8Array(0), "empty value");
            expect(await storeHas(store, "empty")).toBe(true);
            if (caps.list) expect(await listed(store)).toEqual(["empty", "k"]);
          });
        });

        check(
          "deletes a key (true), and a missing key or a folder is not a value (false)",
          async () => {
            await withStore(TREE, async (store) => {
              expect(await storeDelete(store, "a/bc")).toBe(true);
              expect(await store.get("a/bc")).toBeUndefined();
              expect(await storeHas(store, "a/bc")).toBe(false);
              expect(await storeDelete(store, "a/bc"), "deleted twice").toBe(false);
              expect(await storeDelete(store, "missing"), "never there").toBe(false);
              expect(await storeDelete(store, "missing/deep/key"), "missing folder").toBe(false);
              expect(await storeDelete(store, "a/b"), "a folder, not a value").toBe(false);
              const rest = Object.fromEntries(Object.entries(TREE).filter(([k]) => k !== "a/bc"));
              await expectHolds(store, rest, "after deletes");
              if (caps.list) expect(await listed(store)).toEqual(sorted(Object.keys(rest)));
            });
          },
        );

        check("writes keys of every allowed character", async () => {
          const values = valuesOf(allowedKeys);
          await withStore({}, async (store) => {
            for (const [k, v] of Object.entries(values)) await storeSet(store, k, v);
            await expectHolds(store, values, "written");
            if (caps.list) expect(await listed(store)).toEqual(sorted(allowedKeys));
            for (const k of allowedKeys)
              expect(await storeDelete(store, k), `delete ${k}`).toBe(true);
            if (caps.list) expect(await listed(store)).toEqual([]);
          });
        });

        check(
          "refuses hostile keys with a StoreKeyError for every write, writing nothing",
          async () => {
            await withStore({ "a/b": textBytes("ab") }, async (store) => {
              for (const key of HOSTILE_KEYS) {
                const k = JSON.stringify(key);
                await expectError(
                  `set(${k})`,
                  () => store.set?.(key, textBytes("x")),
                  StoreKeyError,
                );
                await expectError(`delete(${k})`, () => store.delete?.(key), StoreKeyError);
              }
              if (store.deletePrefix)
                for (const prefix of HOSTILE_PREFIXES)
                  await expectError(
                    `deletePrefix(${JSON.stringify(prefix)})`,
                    () => store.deletePrefix?.(prefix),
                    StoreKeyError,
                  );
              await expectHolds(store, { "a/b": textBytes("ab") }, "after refused writes");
              if (caps.list) expect(await listed(store)).toEqual(["a/b"]);
            });
          },
        );

        for (const [what, keys, ok] of optionalKeys)
          if (!ok)
            check(
              `refuses to write keys with ${what} with a StoreKeyError (declared unsupported)`,
              async () => {
                await withStore({}, async (store) => {
                  for (const key of keys)
                    await expectError(
                      `set(${JSON.stringify(key)})`,
                      () => store.set?.(key, textBytes("x")),
                      StoreKeyError,
                    );
                });
              },
            );

        if (caps.list)
          check(
            "deletes a prefix: only the keys under it, not names sharing its text with a folder",
            async () => {
              await withStore(TREE, async (store) => {
                const del = (p: string) =>
                  store.deletePrefix ? store.deletePrefix(p) : storeDeletePrefix(store, p);
                const left = (gone: (k: string) => boolean) => TREE_KEYS.filter((k) => !gone(k));
                await del("a/b/");
                expect(await listed(store)).toEqual(left((k) => k.startsWith("a/b/")));
                await expectHolds(
                  store,
                  { "a/bc": TREE["a/bc"]!, "a/b.c": TREE["a/b.c"]! },
                  "kept",
                );
                await del("missing/");
                expect(await listed(store)).toEqual(left((k) => k.startsWith("a/b/")));
                // a prefix is text: "a/b" takes "a/bc", "a/b-c" and "a/b.c" too, not "a/x" or "ab"
                await del("a/b");
                expect(await listed(store)).toEqual(left((k) => k.startsWith("a/b")));
                // the folder can be written again after it was removed
                await storeSet(store, "a/b/c", textBytes("again"));
                expectBytes(await store.get("a/b/c"), textBytes("again"), "rewritten");
                await storeDeletePrefix(store, "");
                expect(await listed(store)).toEqual([]);
              });
            },
          );

        check("writes many distinct keys concurrently", async () => {
          await withStore({}, async (store) => {
            const values: Record<string, Uint8Array> = {};
            for (let i = 0; i < 8; i++)
              for (let j = 0; j < 8; j++) {
                values[`c/${i}/${j}`] = patternBytes(1000 + 97 * (i * 8 + j), i * 8 + j + 1);
                values[`flat/${i}.${j}`] = textBytes(`chunk ${i}.${j}`);
              }
            await Promise.all(Object.entries(values).map(([k, v]) => storeSet(store, k, v)));
            // reads racing with writes of other keys
            const more = valuesOf(["late/0", "late/1", "late/2", "late/3"]);
            await Promise.all([
              ...Object.entries(more).map(([k, v]) => storeSet(store, k, v)),
              ...Object.keys(values).map(async (k) =>
                expectBytes(await store.get(k), values[k]!, `concurrent read of ${k}`),
              ),
            ]);
            await expectHolds(store, { ...values, ...more }, "after concurrent writes");
            if (caps.list)
              expect(await listed(store)).toEqual(
                sorted([...Object.keys(values), ...Object.keys(more)]),
              );
          });
        });

        check(
          "overwrites one key concurrently: every read sees one whole value, never a mix",
          async () => {
            const versions = Array.from({ length: 8 }, (_, i) =>
              patternBytes(4096 + 1000 * i, 100 + i),
            );
            await withStore({ k: versions[0]! }, async (store) => {
              const reads: Promise<Uint8Array | undefined>[] = [];
              const writes: Promise<void>[] = [];
              for (const v of versions.slice(1)) {
                writes.push(storeSet(store, "k", v));
                reads.push(store.get("k"));
              }
              await Promise.all(writes);
              const whole = (got: Uint8Array | undefined, what: string) => {
                expect(got, what).toBeDefined();
                const match = versions.findIndex(
                  (v) => v.byteLength === got!.byteLength && firstDifference(v, got!) === -1,
                );
                expect(
                  match,
                  `${what}: ${got!.byteLength} bytes, not one whole written value`,
                ).toBeGreaterThanOrEqual(0);
              };
              for (const [i, r] of (await Promise.all(reads)).entries())
                whole(r, `racing read ${i}`);
              // concurrent writes may land in any order (S3 and files do): one of them wins, whole
              const last = await store.get("k");
              whole(last, "after the writes");
              expect(
                firstDifference(last!, versions[0]!),
                "after the writes: still the old value",
              ).not.toBe(-1);
            });
          },
        );

        check(
          "round-trips a 64 MiB value, and ranges of it",
          async () => {
            const big = patternBytes(LARGE_VALUE_BYTES, 64);
            await withStore({}, async (store) => {
              await storeSet(store, "big/0", big);
              await checkLarge(store, big);
            });
          },
          timeout * 2,
        );
      });
    }

    function describeReadOnly(): void {
      describe("read-only", () => {
        check("refuses every write with a ReadOnlyError and leaves the data intact", async () => {
          await withStore(TREE, async (store) => {
            const attempts: [string, () => unknown][] = [
              ["storeSet (new key)", () => storeSet(store, "new", textBytes("x"))],
              ["storeSet (existing key)", () => storeSet(store, "a/bc", textBytes("x"))],
              ["storeDelete", () => storeDelete(store, "a/bc")],
              ["storeDeletePrefix", () => storeDeletePrefix(store, "a/")],
            ];
            // the store's own methods must refuse too, not only core's wrappers
            if (store.set)
              attempts.push(
                ["set (new key)", () => store.set?.("new", textBytes("x"))],
                ["set (existing key)", () => store.set?.("a/bc", textBytes("x"))],
              );
            if (store.delete) attempts.push(["delete", () => store.delete?.("a/bc")]);
            if (store.deletePrefix) {
              attempts.push(["deletePrefix", () => store.deletePrefix?.("a/")]);
              attempts.push(["deletePrefix (all)", () => store.deletePrefix?.("")]);
            }
            for (const [what, call] of attempts) {
              const err = await expectError(what, call, ReadOnlyError);
              expect(err.message, `${what} names the store`).toContain(String(store));
            }
            await expectHolds(store, TREE, "after refused writes");
            expect(await store.get("new")).toBeUndefined();
            if (caps.list) expect(await listed(store)).toEqual(TREE_KEYS);
          });
        });

        check("refuses hostile keys for writes too (ReadOnlyError or StoreKeyError)", async () => {
          await withStore({ "a/b": textBytes("ab") }, async (store) => {
            for (const key of HOSTILE_KEYS) {
              const err = await rejection(
                () => store.set?.(key, textBytes("x")) ?? storeSet(store, key, textBytes("x")),
              );
              expect(
                err instanceof ReadOnlyError || err instanceof StoreKeyError,
                `set(${JSON.stringify(key)}): ${String(err)}`,
              ).toBe(true);
            }
            await expectHolds(store, { "a/b": textBytes("ab") }, "after refused writes");
          });
        });

        check(
          "reads a 64 MiB value, and ranges of it",
          async () => {
            const big = patternBytes(LARGE_VALUE_BYTES, 64);
            await withStore({ "big/0": big }, (store) => checkLarge(store, big));
          },
          timeout * 2,
        );
      });
    }
  });
}

async function checkLarge(store: Store, big: Uint8Array): Promise<void> {
  expectBytes(await store.get("big/0"), big, "64 MiB value");
  const mid = LARGE_VALUE_BYTES / 2 - 5;
  expectBytes(
    await readRange(store, "big/0", { offset: mid, length: MiB }),
    big.subarray(mid, mid + MiB),
    "1 MiB from the middle",
  );
  expectBytes(
    await readRange(store, "big/0", { suffixLength: 1000 }),
    big.subarray(LARGE_VALUE_BYTES - 1000),
    "suffix of 1000",
  );
  expectBytes(
    await readRange(store, "big/0", { offset: LARGE_VALUE_BYTES - 10, length: 100 }),
    big.subarray(LARGE_VALUE_BYTES - 10),
    "range crossing the end",
  );
}
