// Vitest globalSetup: a real S3 endpoint (Swift) for stores/s3.md, reached the way a reader's
// own code would reach AWS: through the standard AWS environment variables, with the page's
// bucket named "bucket" so its examples read `s3://bucket/...` verbatim.
import { startSwift } from "@zarrkit/test-servers";

const NAMES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_ENDPOINT_URL_S3"];

export default async function setup(): Promise<() => Promise<void>> {
  const swift = await startSwift();
  await swift.createBucket("bucket");
  const saved = NAMES.map((n) => [n, process.env[n]] as const);
  Object.assign(process.env, swift.env, {
    AWS_ACCESS_KEY_ID: swift.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: swift.credentials.secretAccessKey,
    AWS_REGION: swift.region,
    AWS_ENDPOINT_URL_S3: swift.endpoint,
  });
  return async () => {
    for (const [n, v] of saved) {
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
    await swift.stop();
  };
}
