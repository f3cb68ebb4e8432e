import { inspect } from "node:util";
import { ReadOnlyError, resolveStore, StoreKeyError } from "@zarrkit/core";
import { request } from "node:http";
import { SWIFT_STORAGE_DOMAIN, startSwift, type SwiftServer } from "@zarrkit/test-servers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { S3Error, S3Store, type S3StoreOptions } from "../src/index.js";

let swift: SwiftServer;
let bucket: string;
beforeAll(async () => {
  swift = await startSwift();
  bucket = await swift.createBucket();
});

let counter = 0;
/** A store under a fresh prefix of the shared test bucket. */
function store(options: Partial<S3StoreOptions> = {}): S3Store {
  return new S3Store({
    bucket,
    prefix: `t${counter++}`,
    endpoint: swift.endpoint,
    region: swift.region,
    credentials: swift.credentials,
    ...options,
  });
}

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined) =>
  b === undefined ? undefined : new TextDecoder().decode(b);

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out;
}

/** fetch that records each request's method and URL, then sends it to the real server. */
function recordingFetch(log: string[]): typeof fetch {
  return async (input, init) => {
    const req = input as Request;
    log.push(`${req.method} ${req.url}`);
    return fetch(input, init);
  };
}

/**
 * fetch that connects to 127.0.0.1 whatever the URL's host, and sends that host as the Host
 * header (which fetch itself will not let a caller set): virtual-hosted URLs without DNS.
 */
const loopbackFetch =
  (hosts: string[]): typeof fetch =>
  async (input) => {
    const req = input as Request;
    const url = new URL(req.url);
    hosts.push(url.host);
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
    return new Promise<Response>((resolve, reject) => {
      const headers: Record<string, string> = { host: url.host };
      req.headers.forEach((v, k) => {
        if (k !== "host") headers[k] = v;
      });
      const path = url.pathname + url.search;
      const r = request(
        { host: "127.0.0.1", port: url.port, path, method: req.method, headers },
        (res) => {
          const parts: Buffer[] = [];
          res.on("data", (d: Buffer) => parts.push(d));
          res.on("end", () => {
            const empty = res.statusCode === 204 || res.statusCode === 304 || req.method === "HEAD";
            const init = {
              status: res.statusCode ?? 0,
              headers: res.headers as Record<string, string>,
            };
            resolve(new Response(empty ? null : Buffer.concat(parts), init));
          });
        },
      );
      r.on("error", reject);
      r.end(body);
    });
  };

describe("S3Store against Swift", () => {
  it("writes, reads, overwrites and deletes a value", async () => {
    const s = store();
    expect(await s.get("a/b/.zarray")).toBeUndefined();
    expect(await s.has("a/b/.zarray")).toBe(false);
    await s.set("a/b/.zarray", bytes("first"));
    expect(text(await s.get("a/b/.zarray"))).toBe("first");
    await s.set("a/b/.zarray", bytes("second"));
    expect(text(await s.get("a/b/.zarray"))).toBe("second");
    expect(await s.has("a/b/.zarray")).toBe(true);
    expect(await s.delete("a/b/.zarray")).toBe(true);
    expect(await s.delete("a/b/.zarray")).toBe(false);
    expect(await s.get("a/b/.zarray")).toBeUndefined();
  });

  it("stores an empty value as an empty value, not as missing", async () => {
    const s = store();
    await s.set("empty", new Uint8Array(0));
    const got = await s.get("empty");
    expect(got).toBeInstanceOf(Uint8Array);
    expect(got?.byteLength).toBe(0);
  });

  it("round-trips keys with spaces, unicode and URL-special characters", async () => {
    const s = store();
    const keys = ["sp ace/x", "plus+sign", "q?u#e%ry&=", "ünï/😀", "brackets[]()!*'", "a~b_c-d.e"];
    for (const [i, k] of keys.entries()) await s.set(k, bytes(`v${i}`));
    for (const [i, k] of keys.entries()) expect(text(await s.get(k))).toBe(`v${i}`);
    expect((await collect(s.list())).sort()).toEqual([...keys].sort());
  });

  it("refuses keys that are not zarr keys or would fold in a URL", async () => {
    const s = store();
    for (const bad of ["", "/abs", "a//b", "a/../b", "./a", "a/.", "nul\0"]) {
      await expect(s.get(bad), JSON.stringify(bad)).rejects.toThrow(StoreKeyError);
      await expect(s.set(bad, bytes("x")), JSON.stringify(bad)).rejects.toThrow(StoreKeyError);
    }
  });

  it("reads every ByteRange form, cut at the end of the value", async () => {
    const s = store();
    await s.set("r", bytes("0123456789"));
    expect(text(await s.getRange("r", { offset: 2, length: 3 }))).toBe("234");
    expect(text(await s.getRange("r", { offset: 7 }))).toBe("789");
    expect(text(await s.getRange("r", { offset: 8, length: 100 }))).toBe("89");
    expect(text(await s.getRange("r", { suffixLength: 4 }))).toBe("6789");
    expect(text(await s.getRange("r", { suffixLength: 50 }))).toBe("0123456789");
    expect(text(await s.getRange("r", { offset: 10 }))).toBe("");
    expect(text(await s.getRange("r", { offset: 25, length: 5 }))).toBe("");
    expect(text(await s.getRange("r", { offset: 3, length: 0 }))).toBe("");
    expect(text(await s.getRange("r", { suffixLength: 0 }))).toBe("");
    expect(await s.getRange("missing", { offset: 0, length: 2 })).toBeUndefined();
    expect(await s.getRange("missing", { suffixLength: 2 })).toBeUndefined();
    expect(await s.getRange("missing", { offset: 0, length: 0 })).toBeUndefined();
    await expect(s.getRange("r", { offset: -1 })).rejects.toThrow(/range offset.*-1/);
  });

  it("lists under the store prefix only, with and without a prefix, across pages", async () => {
    const s = store({ listPageSize: 7 });
    const other = new S3Store({
      bucket,
      prefix: `${s.prefix.slice(0, -1)}x`, // shares the first characters of s's prefix
      endpoint: swift.endpoint,
      credentials: swift.credentials,
    });
    await other.set("outside", bytes("o"));
    const keys = Array.from({ length: 23 }, (_, i) => `g/c/${String(i).padStart(2, "0")}`);
    keys.push("g/.zgroup", "g2/.zarray", "gx", "top");
    await Promise.all(keys.map((k) => s.set(k, bytes(k))));
    const log: string[] = [];
    const recorded = new S3Store({
      bucket,
      prefix: s.prefix,
      endpoint: swift.endpoint,
      credentials: swift.credentials,
      listPageSize: 7,
      fetch: recordingFetch(log),
    });
    expect(await collect(recorded.list())).toEqual([...keys].sort());
    // 27 keys at 7 a page: 4 requests, each after the first with a continuation token.
    expect(log.length).toBe(4);
    expect(log.slice(1).every((l) => l.includes("continuation-token="))).toBe(true);
    expect(await collect(s.list("g/"))).toEqual(keys.filter((k) => k.startsWith("g/")).sort());
    expect(await collect(s.list("g"))).toEqual(keys.filter((k) => k.startsWith("g")).sort());
    expect(await collect(s.list("nothing/"))).toEqual([]);
  });

  it("lists one level with listDir, folders apart from keys sharing their name's start", async () => {
    const s = store({ listPageSize: 2 });
    for (const k of ["a/.zgroup", "a/b/.zarray", "a/b/0", "a/bc", "a/c/d/e", "ab", "z"])
      await s.set(k, bytes(k));
    expect(await s.listDir("")).toEqual({ keys: ["ab", "z"], prefixes: ["a"] });
    expect(await s.listDir("a/")).toEqual({ keys: [".zgroup", "bc"], prefixes: ["b", "c"] });
    expect(await s.listDir("a/c/")).toEqual({ keys: [], prefixes: ["d"] });
    expect(await s.listDir("none/")).toEqual({ keys: [], prefixes: [] });
  });

  it("deletes a prefix by multi-object deletes in batches, leaving its neighbours", async () => {
    const log: string[] = [];
    const s = store({ deleteBatchSize: 10, fetch: recordingFetch(log) });
    const doomed = Array.from({ length: 25 }, (_, i) => `arr/0.${i}`);
    await Promise.all([...doomed, "arr2/0.0", "arrx"].map((k) => s.set(k, bytes(k))));
    log.length = 0;
    await s.deletePrefix("arr/");
    expect(await collect(s.list())).toEqual(["arr2/0.0", "arrx"]);
    // 25 keys in batches of 10: three POST ?delete requests.
    expect(log.filter((l) => l.startsWith("POST") && l.endsWith("?delete")).length).toBe(3);
  });

  it("uploads a value above the threshold in parts, and reads it back whole", async () => {
    const log: string[] = [];
    const MiB = 1024 * 1024;
    const s = store({ multipartThreshold: 6 * MiB, partSize: 5 * MiB, fetch: recordingFetch(log) });
    const value = new Uint8Array(12 * MiB + 5);
    for (let i = 0; i < value.length; i++) value[i] = (i * 7919) >>> 3;
    await s.set("big.zip", value);
    const back = await s.get("big.zip");
    expect(back?.byteLength).toBe(value.byteLength);
    expect(Buffer.compare(Buffer.from(back as Uint8Array), Buffer.from(value))).toBe(0);
    expect(log.filter((l) => l.startsWith("POST") && l.endsWith("?uploads")).length).toBe(1);
    expect(log.filter((l) => l.startsWith("PUT") && l.includes("partNumber=")).length).toBe(3);
    // The range form works on the assembled object too.
    expect(Array.from((await s.getRange("big.zip", { suffixLength: 3 })) ?? [])).toEqual(
      Array.from(value.subarray(-3)),
    );
    // A value below the threshold is one PUT.
    log.length = 0;
    await s.set("small", value.subarray(0, 5 * MiB));
    expect(log.filter((l) => l.startsWith("PUT")).length).toBe(1);
  });

  it("reaches the bucket with virtual-hosted URLs (Host: bucket.domain), as with path style", async () => {
    const hosts: string[] = [];
    const port = new URL(swift.endpoint).port;
    const hosted = store({
      endpoint: `http://${SWIFT_STORAGE_DOMAIN}:${port}`,
      forcePathStyle: false,
      fetch: loopbackFetch(hosts),
    });
    expect(hosted.pathStyle).toBe(false);
    await hosted.set("vh/key", bytes("virtual"));
    expect(await collect(hosted.list())).toEqual(["vh/key"]);
    expect(hosts).toEqual([
      `${bucket}.${SWIFT_STORAGE_DOMAIN}:${port}`,
      `${bucket}.${SWIFT_STORAGE_DOMAIN}:${port}`,
    ]);
    const pathStyle = new S3Store({
      bucket,
      prefix: hosted.prefix,
      endpoint: swift.endpoint,
      credentials: swift.credentials,
    });
    expect(pathStyle.pathStyle).toBe(true);
    expect(text(await pathStyle.get("vh/key"))).toBe("virtual");
  });

  it("names the bucket, key and S3 code for bad credentials, and never shows the secret", async () => {
    const secret = "wrong-secret-0123456789";
    const s = store({ credentials: { accessKeyId: "test:tester", secretAccessKey: secret } });
    const err = await s.get("k").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3Error);
    const e = err as S3Error;
    expect(e.status).toBe(403);
    expect(e.code).toBe("SignatureDoesNotMatch");
    expect(e.message).toContain(`s3://${bucket}/${s.prefix}k`);
    for (const shown of [e.message, String(e), inspect(e), e.stack ?? "", JSON.stringify(e)])
      expect(shown).not.toContain(secret);
    for (const shown of [
      String(s),
      inspect(s),
      inspect(s, { showHidden: true, depth: 9 }),
      JSON.stringify(s),
    ])
      expect(shown).not.toContain(secret);
    const unknownKey = store({
      credentials: { accessKeyId: "nobody:none", secretAccessKey: secret },
    });
    const err2 = (await unknownKey.set("k", bytes("x")).catch((x: unknown) => x)) as S3Error;
    expect(err2).toBeInstanceOf(S3Error);
    expect(err2.status).toBe(403);
    expect(err2.message).toContain(`PUT s3://${bucket}/`);
    expect(inspect(err2)).not.toContain(secret);
  });

  it("names a missing bucket, for reads, HEAD and writes alike", async () => {
    const s = new S3Store({
      bucket: "no-such-bucket-here",
      endpoint: swift.endpoint,
      credentials: swift.credentials,
    });
    await expect(s.get("a")).rejects.toThrow(/no-such-bucket-here.*NoSuchBucket/);
    await expect(s.has("a")).rejects.toThrow(/bucket no-such-bucket-here does not exist/);
    await expect(s.set("a", bytes("x"))).rejects.toThrow(
      /s3:\/\/no-such-bucket-here\/a.*NoSuchBucket/,
    );
    await expect(collect(s.list())).rejects.toThrow(/no-such-bucket-here.*NoSuchBucket/);
  });

  it("refuses writes when read-only, before any request", async () => {
    const log: string[] = [];
    const s = store({ readOnly: true, fetch: recordingFetch(log) });
    await expect(s.set("a", bytes("x"))).rejects.toThrow(ReadOnlyError);
    await expect(s.delete("a")).rejects.toThrow(ReadOnlyError);
    await expect(s.deletePrefix("")).rejects.toThrow(ReadOnlyError);
    expect(log).toEqual([]);
  });

  it("retries an idempotent request after a network error", async () => {
    let calls = 0;
    const s = store({
      retryDelayMs: 1,
      fetch: async (input, init) => {
        // The first attempt never reaches the server, as when a connection is reset.
        if (calls++ === 0) throw new TypeError("fetch failed", { cause: new Error("ECONNRESET") });
        return fetch(input, init);
      },
    });
    await s.set("k", bytes("v"));
    expect(calls).toBe(2);
    expect(text(await s.get("k"))).toBe("v");
  });

  it("gives up after the configured retries, saying how many attempts failed", async () => {
    let calls = 0;
    const s = store({
      retries: 2,
      retryDelayMs: 1,
      fetch: async () => {
        calls++;
        throw new TypeError("fetch failed", { cause: new Error("ECONNREFUSED") });
      },
    });
    await expect(s.get("k")).rejects.toThrow(
      /GET s3:\/\/.*\/k failed after 3 attempts: fetch failed \(ECONNREFUSED\)/,
    );
    expect(calls).toBe(3);
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const s = store({
      concurrency: 3,
      fetch: async (input, init) => {
        peak = Math.max(peak, ++inFlight);
        try {
          const res = await fetch(input, init);
          return new Response(await res.arrayBuffer(), {
            status: res.status,
            headers: res.headers,
          });
        } finally {
          inFlight--;
        }
      },
    });
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.set(`k${i}`, bytes("v"))));
    expect(peak).toBe(3);
  });

  it("stops a read when its signal is aborted", async () => {
    const s = store();
    await s.set("k", bytes("v"));
    const controller = new AbortController();
    controller.abort(new Error("user cancelled"));
    await expect(s.get("k", { signal: controller.signal })).rejects.toThrow("user cancelled");
  });
});

describe("S3Store configuration", () => {
  const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret-example-key" };

  it("builds virtual-hosted URLs for AWS and path-style ones for IPs, dotted buckets or on request", () => {
    const aws = new S3Store({ bucket: "my-bucket", region: "eu-west-1", credentials });
    expect(aws.url("p/a b+c")).toBe("https://my-bucket.s3.eu-west-1.amazonaws.com/p/a%20b%2Bc");
    const forced = new S3Store({
      bucket: "my-bucket",
      region: "eu-west-1",
      credentials,
      forcePathStyle: true,
    });
    expect(forced.url("p/k")).toBe("https://s3.eu-west-1.amazonaws.com/my-bucket/p/k");
    const dotted = new S3Store({ bucket: "my.bucket", credentials });
    expect(dotted.url("k")).toBe("https://s3.us-east-1.amazonaws.com/my.bucket/k");
    const local = new S3Store({ bucket: "b01", endpoint: "http://127.0.0.1:9000/", credentials });
    expect(local.url("k", { "list-type": "2", prefix: "a b/" })).toBe(
      "http://127.0.0.1:9000/b01/k?list-type=2&prefix=a%20b%2F",
    );
    const hosted = new S3Store({
      bucket: "b01",
      endpoint: "https://minio.example.com:9000",
      credentials,
    });
    expect(hosted.url("k")).toBe("https://b01.minio.example.com:9000/k");
  });

  it("takes credentials, region and endpoint from the AWS environment variables", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", swift.credentials.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", swift.credentials.secretAccessKey);
    vi.stubEnv("AWS_SESSION_TOKEN", "");
    vi.stubEnv("AWS_REGION", "us-east-1");
    vi.stubEnv("AWS_ENDPOINT_URL_S3", swift.endpoint);
    vi.stubEnv("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
    try {
      const s = new S3Store({ bucket, prefix: "from-env" });
      expect(s.endpoint).toBe(swift.endpoint);
      expect(s.region).toBe("us-east-1");
      await s.set("k", bytes("env"));
      expect(text(await s.get("k"))).toBe("env");
      // AWS_REGION must match the server's exactly: another one is refused, and said so.
      vi.stubEnv("AWS_REGION", "eu-central-1");
      await expect(new S3Store({ bucket }).get("k")).rejects.toThrow(/check the region/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("says what is missing when there are no credentials at all", () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "");
    try {
      expect(() => new S3Store({ bucket: "b01" })).toThrow(
        /bucket b01: no credentials.*AWS_ACCESS_KEY_ID/,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuses bad bucket names and options, naming them", () => {
    expect(() => new S3Store({ bucket: "Bad_Bucket", credentials })).toThrow(/"Bad_Bucket"/);
    expect(() => new S3Store({ bucket: "b01", credentials, partSize: 1024 })).toThrow(
      /partSize.*5 MiB.*1024/,
    );
    expect(() => new S3Store({ bucket: "b01", credentials, deleteBatchSize: 1001 })).toThrow(
      /deleteBatchSize.*1 to 1000.*1001/,
    );
    expect(() => new S3Store({ bucket: "b01", credentials, endpoint: "ftp://x" })).toThrow(
      /ftp:\/\/x/,
    );
  });

  it("opens s3://bucket/prefix locations with storageOptions, read-only in mode r", async () => {
    const s = (await resolveStore(`s3://${bucket}/loc/inner`, "r", {
      endpoint: swift.endpoint,
      credentials: swift.credentials,
    })) as S3Store;
    expect(s).toBeInstanceOf(S3Store);
    expect([s.bucket, s.prefix, s.readOnly]).toEqual([bucket, "loc/inner/", true]);
    // s3fs's option names work too.
    const w = (await resolveStore(`s3://${bucket}/loc`, "w", {
      key: swift.credentials.accessKeyId,
      secret: swift.credentials.secretAccessKey,
      client_kwargs: { endpoint_url: swift.endpoint, region_name: swift.region },
    })) as S3Store;
    await w.set("inner/k", bytes("via s3fs names"));
    expect(text(await s.get("k"))).toBe("via s3fs names");
    await expect(resolveStore(`s3://${bucket}/x`, "r", { endpointUrl: "x" })).rejects.toThrow(
      /unknown option "endpointUrl"/,
    );
  });
});
