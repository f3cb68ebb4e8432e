// Which location strings open as a zip archive read over HTTP (the reads themselves are
// tested against nginx in packages/remote-interop).
import { describe, expect, it } from "vitest";
import * as browser from "../src/browser.js";
import { isHttpZipUrl, openHttpZip, ZipArchiveStore } from "../src/index.js";

describe("http(s) URLs of .zip files", () => {
  it("match by the URL's path, whatever the query string or case", () => {
    expect(isHttpZipUrl("https://example.com/data/archive.zip")).toBe(true);
    expect(isHttpZipUrl("HTTP://example.com/a.ZIP")).toBe(true);
    expect(isHttpZipUrl("https://example.com/a.zip?X-Amz-Signature=abc")).toBe(true);
    expect(isHttpZipUrl("https://example.com/a.zip#arr")).toBe(true);
    expect(isHttpZipUrl("https://example.com/a.zarr")).toBe(false);
    expect(isHttpZipUrl("https://example.com/a.zarr?file=b.zip")).toBe(false);
    expect(isHttpZipUrl("data/archive.zip")).toBe(false);
    expect(isHttpZipUrl("s3://bucket/archive.zip")).toBe(false);
  });

  it("are what both entries export, with the archive reader", () => {
    expect(browser.openHttpZip).toBe(openHttpZip);
    expect(browser.ZipArchiveStore).toBe(ZipArchiveStore);
  });
});
