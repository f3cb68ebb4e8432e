import { startSwift, type SwiftServer } from "@zarrkit/test-servers";

export interface TestBucket {
  swift: SwiftServer;
  bucket: string;
  /** What `zarr.open("s3://bucket/...", { storageOptions })` needs to reach the test Swift. */
  storageOptions: Record<string, unknown>;
}

/** A fresh bucket on the run's Swift (the one swift-setup.ts started). */
export async function testBucket(): Promise<TestBucket> {
  const swift = await startSwift();
  const bucket = await swift.createBucket();
  const storageOptions = {
    endpoint: swift.endpoint,
    region: swift.region,
    credentials: swift.credentials,
  };
  return { swift, bucket, storageOptions };
}
