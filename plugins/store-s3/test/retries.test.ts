import { type FaultServer, startFaultServer } from "@zarrkit/test-servers";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { S3Error, S3Store } from "../src/index.js";

// Retries against a real local server that injects 5xx, 429 and dropped connections (Swift
// cannot be told to fail). It serves plain files, which is all a GET needs: the path-style
// URL `/bucket/prefix/key` is the file's path.
let fault: FaultServer;
const value = new TextEncoder().encode("chunk bytes");
beforeAll(async () => {
  fault = await startFaultServer({ files: new Map([["bkt/data/k", value]]) });
});
afterAll(() => fault.stop());
beforeEach(() => fault.reset());

const store = (retries?: number) =>
  new S3Store({
    bucket: "bkt",
    prefix: "data",
    endpoint: fault.url,
    credentials: { accessKeyId: "id", secretAccessKey: "not-shown-secret" },
    retryDelayMs: 1,
    ...(retries === undefined ? {} : { retries }),
  });

it("retries a GET after 503, 500 and 429 answers, then returns the value", async () => {
  fault.inject("bkt/data/k", { status: 503 }, { status: 500 }, { status: 429, retryAfter: 0 });
  expect(await store().get("k")).toEqual(value);
  expect(fault.count("bkt/data/k", "GET")).toBe(4);
});

it("waits as long as a 429's Retry-After asks, not the ~1 ms backoff", async () => {
  fault.inject("bkt/data/k", { status: 429, retryAfter: 1 });
  expect(await store().get("k")).toEqual(value);
  const times = fault.requests.filter((r) => r.path === "bkt/data/k").map((r) => r.at);
  expect(times).toHaveLength(2);
  expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
});

it("caps a long Retry-After at maxRetryDelayMs", async () => {
  fault.inject("bkt/data/k", { status: 503, retryAfter: 3600 });
  const s = new S3Store({
    bucket: "bkt",
    prefix: "data",
    endpoint: fault.url,
    credentials: { accessKeyId: "id", secretAccessKey: "not-shown-secret" },
    retryDelayMs: 1,
    maxRetryDelayMs: 20,
  });
  // Honoured in full, this would outlive the test's timeout.
  expect(await s.get("k")).toEqual(value);
  expect(fault.count("bkt/data/k", "GET")).toBe(2);
});

it("retries after a reset connection and after a body cut short", async () => {
  fault.inject("bkt/data/k", { reset: true }, { resetAfterHeaders: true });
  expect(await store().get("k")).toEqual(value);
  expect(fault.count("bkt/data/k", "GET")).toBe(3);
});

it("gives up after `retries` more attempts, with the status and the key, not the secret", async () => {
  fault.inject("bkt/data/k", { status: 503, times: 10 });
  const err = (await store(2)
    .get("k")
    .catch((e: unknown) => e)) as S3Error;
  expect(err).toBeInstanceOf(S3Error);
  expect(err.status).toBe(503);
  expect(err.message).toMatch(/GET s3:\/\/bkt\/data\/k failed after 3 attempts: HTTP 503/);
  expect(err.message).not.toContain("not-shown-secret");
  expect(fault.count("bkt/data/k", "GET")).toBe(3);
});

it("does not retry a 4xx other than 429", async () => {
  fault.inject("bkt/data/k", { status: 403 });
  await expect(store().get("k")).rejects.toThrow(/HTTP 403/);
  expect(fault.count("bkt/data/k", "GET")).toBe(1);
});

it("retries a range read and still returns only the range", async () => {
  fault.inject("bkt/data/k", { status: 502 });
  const got = await store().getRange("k", { offset: 6, length: 5 });
  expect(new TextDecoder().decode(got)).toBe("bytes");
  expect(fault.count("bkt/data/k", "GET")).toBe(2);
});
