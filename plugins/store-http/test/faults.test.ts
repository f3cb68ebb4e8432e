import { resolveStore, ZarrError } from "@zarrkit/core";
import { createServer } from "node:net";
import { type FaultServer, startFaultServer } from "@zarrkit/test-servers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONCURRENCY, HttpStore, HttpStoreError } from "../src/index.js";

const VALUE = Uint8Array.from({ length: 300 }, (_, i) => (i * 13) % 256);
const files = new Map<string, Uint8Array>([["v", VALUE]]);
for (let i = 0; i < 40; i++) files.set(`c/${i}`, Uint8Array.of(i));

let server: FaultServer;
// Retries without the real waits, unless a test asks for them.
const fast = { retryDelay: 1, maxRetryDelay: 5 };

beforeAll(async () => {
  server = await startFaultServer({ files });
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(() => {
  server.release();
  server.reset();
  server.setDelay(0);
});

/** A port on 127.0.0.1 that was free a moment ago (nothing listens there now). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e as Error,
  );

describe("retries", () => {
  it("retries 503 twice then reads: 3 requests", async () => {
    server.inject("v", { status: 503, times: 2 });
    const store = new HttpStore(server.url, fast);
    expect(await store.get("v")).toEqual(VALUE);
    expect(server.count("v")).toBe(3);
    expect(server.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("retries range reads, HEADs, 500/502/504/408/429 and resets alike", async () => {
    server.inject(
      "v",
      { status: 500 },
      { status: 502 },
      { reset: true },
      { status: 504 },
      { resetAfterHeaders: true },
      { status: 408 },
      { status: 429 },
    );
    const store = new HttpStore(server.url, { ...fast, retries: 7 });
    expect(await store.getRange("v", { offset: 100, length: 50 })).toEqual(VALUE.slice(100, 150));
    expect(server.count("v")).toBe(8);
    expect(server.requests.every((r) => r.range === "bytes=100-149")).toBe(true);
    server.reset();
    server.inject("v", { status: 503 });
    expect(await store.has("v")).toBe(true);
    expect(server.requests.map((r) => [r.method, r.status])).toEqual([
      ["HEAD", 503],
      ["HEAD", 200],
    ]);
  });

  it("gives up after the last try and says how many tries and the status", async () => {
    server.inject("v", { status: 503, times: 10 });
    const store = new HttpStore(server.url, { ...fast, retries: 2 });
    const err = await rejection(store.get("v"));
    expect(err).toBeInstanceOf(HttpStoreError);
    expect(err.message).toBe(`GET ${server.url}v: HTTP 503 Service Unavailable after 3 tries`);
    expect((err as HttpStoreError).tries).toBe(3);
    expect(server.count("v")).toBe(3);
  });

  it("gives up on network errors with the count and the cause", async () => {
    const port = await closedPort();
    const store = new HttpStore(`http://127.0.0.1:${port}/`, { ...fast, retries: 1 });
    const err = await rejection(store.get("v"));
    expect(err).toBeInstanceOf(HttpStoreError);
    expect(err.message).toMatch(
      new RegExp(`^GET http://127.0.0.1:${port}/v: network error: .*ECONNREFUSED.* after 2 tries$`),
    );
    expect((err as HttpStoreError).status).toBeUndefined();
  });

  it("does not retry a status a retry cannot cure", async () => {
    server.inject("v", { status: 400 }, { status: 501 });
    const store = new HttpStore(server.url, fast);
    expect((await rejection(store.get("v"))).message).toBe(
      `GET ${server.url}v: HTTP 400 Bad Request`,
    );
    expect((await rejection(store.get("v"))).message).toBe(
      `GET ${server.url}v: HTTP 501 Not Implemented`,
    );
    expect(server.count("v")).toBe(2);
  });

  it("stops at a status a retry cannot cure, counting the tries before it", async () => {
    server.inject("v", { status: 503 }, { status: 404 }, { status: 503 }, { status: 400 });
    const store = new HttpStore(server.url, fast);
    expect(await store.get("v")).toBeUndefined();
    expect((await rejection(store.get("v"))).message).toBe(
      `GET ${server.url}v: HTTP 400 Bad Request after 2 tries`,
    );
    expect(server.count("v")).toBe(4);
  });

  it("with retries: 0 tries once", async () => {
    server.inject("v", { status: 503 });
    const store = new HttpStore(server.url, { retries: 0 });
    expect((await rejection(store.get("v"))).message).toBe(
      `GET ${server.url}v: HTTP 503 Service Unavailable`,
    );
    expect(server.count("v")).toBe(1);
  });

  it("honours Retry-After (seconds) on 429", async () => {
    server.inject("v", { status: 429, retryAfter: 1 });
    const store = new HttpStore(server.url, { retryDelay: 1 });
    expect(await store.get("v")).toEqual(VALUE);
    const [first, second] = server.requests;
    expect(server.requests.length).toBe(2);
    // The backoff alone would have waited about 1 ms.
    expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
  });

  it("caps a long Retry-After at maxRetryDelay", async () => {
    server.inject("v", { status: 503, retryAfter: 3600 });
    const store = new HttpStore(server.url, { retryDelay: 1, maxRetryDelay: 20 });
    // Honoured in full this would outlive the test's timeout.
    expect(await store.get("v")).toEqual(VALUE);
    expect(server.count("v")).toBe(2);
  });

  it("backs off exponentially between tries", async () => {
    server.inject("v", { status: 503, times: 3 });
    const store = new HttpStore(server.url, { retryDelay: 100, retries: 3 });
    expect(await store.get("v")).toEqual(VALUE);
    const at = server.requests.map((r) => r.at);
    // Equal jitter waits between half and all of 100, 200, 400 ms.
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(50);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(100);
    expect(at[3] - at[2]).toBeGreaterThanOrEqual(200);
  });
});

describe("ranges on a server that ignores them", () => {
  it("detects a 200 to a ranged request and slices the value", async () => {
    server.inject("v", { ignoreRange: true, times: 3 });
    const store = new HttpStore(server.url);
    expect(await store.getRange("v", { offset: 7, length: 9 })).toEqual(VALUE.slice(7, 16));
    expect(await store.getRange("v", { suffixLength: 10 })).toEqual(VALUE.slice(290));
    expect(await store.getRange("v", { offset: 299 })).toEqual(VALUE.slice(299));
    expect(server.requests.map((r) => r.status)).toEqual([200, 200, 200]);
  });
});

describe("concurrency", () => {
  /** Hold the server's answers until `n` requests wait, check no more come, then let all go. */
  async function inFlightWhenHeld(n: number): Promise<number> {
    while (server.inFlight < n) await new Promise((r) => setTimeout(r, 5));
    // A client without the cap sends all at once: extra requests would be here by now.
    await new Promise((r) => setTimeout(r, 100));
    const seen = server.inFlight;
    server.release();
    return seen;
  }

  it(`keeps at most ${DEFAULT_CONCURRENCY} requests in flight by default`, async () => {
    server.hold();
    const store = new HttpStore(server.url);
    const all = Promise.all(Array.from({ length: 40 }, (_, i) => store.get(`c/${i}`)));
    expect(await inFlightWhenHeld(DEFAULT_CONCURRENCY)).toBe(DEFAULT_CONCURRENCY);
    expect((await all).map((v) => v?.[0])).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(server.maxInFlight).toBe(DEFAULT_CONCURRENCY);
    expect(server.requests.length).toBe(40);
  });

  it("keeps at most `concurrency` requests in flight, measured at the server", async () => {
    server.hold();
    const store = new HttpStore(server.url, { concurrency: 3 });
    const all = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 ? store.get(`c/${i}`) : store.getRange(`c/${i}`, { offset: 0, length: 1 }),
      ),
    );
    expect(await inFlightWhenHeld(3)).toBe(3);
    expect((await all).map((v) => v?.[0])).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(server.maxInFlight).toBe(3);
    expect(server.requests.length).toBe(20);
  });

  it("refuses a bad concurrency or retries option, naming it", () => {
    expect(() => new HttpStore(server.url, { concurrency: 0 })).toThrow(
      'HttpStore: option "concurrency" must be an integer >= 1, got 0',
    );
    expect(() => new HttpStore(server.url, { retries: -1 })).toThrow(
      'HttpStore: option "retries" must be an integer >= 0, got -1',
    );
    expect(() => new HttpStore("ftp://example.com/x")).toThrow(
      'HttpStore: URL must start with http:// or https://, got "ftp://example.com/x"',
    );
  });
});

describe("abort", () => {
  it("cancels a request in flight", async () => {
    server.setDelay(5_000);
    const store = new HttpStore(server.url);
    const ac = new AbortController();
    const p = rejection(store.get("v", { signal: ac.signal }));
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    expect((await p).name).toBe("AbortError");
    expect(server.count("v")).toBe(1);
  });

  it("cancels the wait between retries, and tries no more", async () => {
    server.inject("v", { status: 503, retryAfter: 60 });
    const store = new HttpStore(server.url, { maxRetryDelay: 60_000 });
    const ac = new AbortController();
    const p = rejection(store.get("v", { signal: ac.signal }));
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    ac.abort(new Error("user gave up"));
    expect((await p).message).toBe("user gave up");
    await new Promise((r) => setTimeout(r, 50));
    expect(server.count("v")).toBe(1);
  });

  it("takes a queued request out of the queue: it never reaches the server", async () => {
    server.setDelay(300);
    const store = new HttpStore(server.url, { concurrency: 1 });
    const first = store.get("c/1");
    const ac = new AbortController();
    const queued = rejection(store.get("c/2", { signal: ac.signal }));
    const third = store.get("c/3");
    ac.abort();
    expect((await queued).name).toBe("AbortError");
    expect((await first)?.[0]).toBe(1);
    expect((await third)?.[0]).toBe(3);
    expect(server.requests.map((r) => r.path)).toEqual(["c/1", "c/3"]);
  });

  it("rejects at once with an already aborted signal, sending nothing", async () => {
    const store = new HttpStore(server.url);
    const err = await rejection(
      store.getRange("v", { offset: 1 }, { signal: AbortSignal.abort() }),
    );
    expect(err.name).toBe("AbortError");
    expect(server.requests).toEqual([]);
  });
});

describe("headers, fetch and secrets", () => {
  it("sends static headers, and calls a headers function before every try", async () => {
    server.inject("v", { status: 503 });
    let n = 0;
    const store = new HttpStore(server.url, {
      ...fast,
      headers: ({ method, key }) => ({
        authorization: `Bearer token-${++n}`,
        "x-what": `${method} ${key}`,
      }),
    });
    expect(await store.get("v")).toEqual(VALUE);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer token-1",
      "Bearer token-2",
    ]);
    expect(server.requests[1].headers["x-what"]).toBe("GET v");
    server.reset();
    const plain = new HttpStore(server.url, { headers: { "x-api-key": "k1" } });
    await plain.getRange("v", { offset: 0, length: 1 });
    expect(server.requests[0].headers["x-api-key"]).toBe("k1");
    expect(server.requests[0].headers.range).toBe("bytes=0-0");
  });

  it("uses a custom fetch for every request", async () => {
    const seen: string[] = [];
    const store = new HttpStore(server.url, {
      fetch: (input, init) => {
        seen.push(`${init?.method} ${String(input)}`);
        return fetch(input, init);
      },
    });
    await store.get("v");
    await store.has("c/1");
    expect(seen).toEqual([`GET ${server.url}v`, `HEAD ${server.url}c/1`]);
  });

  it("keeps header values and the URL's query out of errors", async () => {
    server.inject("v", { status: 500, times: 2 });
    const store = new HttpStore(`${server.url}?sig=SECRET-SIG`, {
      ...fast,
      retries: 1,
      headers: { authorization: "Bearer SECRET-TOKEN" },
    });
    const err = await rejection(store.get("v"));
    expect(err.message).toBe(
      `GET ${server.url}v?<query hidden>: HTTP 500 Internal Server Error after 2 tries`,
    );
    expect(JSON.stringify({ ...err, s: String(err), st: err.stack })).not.toMatch(/SECRET/);
    expect(String(store.path)).not.toMatch(/SECRET/);
    // The query still goes with every request (a pre-signed or SAS URL).
    expect(server.requests[0].path).toBe("v");
  });
});

describe("http(s):// location strings", () => {
  it("open an HttpStore with storageOptions as its options", async () => {
    server.inject("v", { status: 503 });
    const store = await resolveStore(server.url, "r", {
      headers: { "x-from": "storage-options" },
      retries: 0,
    });
    expect(store).toBeInstanceOf(HttpStore);
    await expect(store.get("v")).rejects.toThrow("HTTP 503");
    expect(server.requests[0].headers["x-from"]).toBe("storage-options");
  });

  it("refuse an unknown storage option, naming it", async () => {
    await expect(resolveStore(server.url, "r", { retry: 2 })).rejects.toThrow(ZarrError);
    await expect(resolveStore(server.url, "r", { retry: 2 })).rejects.toThrow(
      `storageOptions for ${server.url}: unknown option "retry"`,
    );
  });
});
