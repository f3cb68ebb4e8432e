// Which location strings open as a zip archive read over HTTP (the reads themselves are
// tested against nginx in packages/remote-interop).
import { describe, expect, it } from "vitest";
import * as browser from "../src/browser.js";
import { isHttpZipUrl, isS3ZipUrl, openHttpZip, openS3Zip, ZipArchiveStore } from "../src/index.js";

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

describe("s3:// locations of .zip objects", () => {
  it("match an object name ending .zip, at the bucket root or below", () => {
    expect(isS3ZipUrl("s3://bucket/archive.zip")).toBe(true);
    expect(isS3ZipUrl("S3://bucket/a/b/ARCHIVE.ZIP")).toBe(true);
    expect(isS3ZipUrl("s3://bucket/a.zarr")).toBe(false);
    expect(isS3ZipUrl("s3://bucket")).toBe(false);
    expect(isS3ZipUrl("s3://bucket/")).toBe(false);
    expect(isS3ZipUrl("s3://bucket/folder.zip/")).toBe(false);
    expect(isS3ZipUrl("https://example.com/a.zip")).toBe(false);
  });

  it("are what both entries export", () => {
    expect(browser.openS3Zip).toBe(openS3Zip);
    expect(browser.isS3ZipUrl).toBe(isS3ZipUrl);
  });
});
