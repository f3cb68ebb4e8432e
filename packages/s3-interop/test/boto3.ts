import type { SwiftServer } from "@zarrkit/test-servers";
import { runPython } from "@zarrkit/test-utils";

// boto3 (Debian's python3-boto3, run by /usr/bin/python3) as the independent S3 client: it
// moves objects between Swift and a local directory, where zarr-python's DirectoryStore reads
// or wrote them.
const CLIENT = `
import os, sys, boto3
from botocore.config import Config
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT"], region_name=os.environ["S3_REGION"],
    aws_access_key_id=os.environ["S3_KEY"], aws_secret_access_key=os.environ["S3_SECRET"],
    config=Config(s3={"addressing_style": "path"}))
bucket, prefix, local = sys.argv[1], sys.argv[2], sys.argv[3]
`;

function env(swift: SwiftServer): Record<string, string> {
  return {
    S3_ENDPOINT: swift.endpoint,
    S3_REGION: swift.region,
    S3_KEY: swift.credentials.accessKeyId,
    S3_SECRET: swift.credentials.secretAccessKey,
  };
}

/** Run `body` after the client set-up; it prints the keys it moved, one per line. */
function movedKeys(swift: SwiftServer, body: string, args: string[]): string[] {
  const script = `import sys; sys.argv = ["boto3"] + ${JSON.stringify(args)}\n${CLIENT}${body}`;
  return runPython(script, undefined, env(swift)).stdout.split("\n").filter(Boolean);
}

/** Download every object under `prefix/` into `dir` (keys become paths); returns the keys. */
export function botoDownload(
  swift: SwiftServer,
  bucket: string,
  prefix: string,
  dir: string,
): string[] {
  return movedKeys(
    swift,
    `
keys = []
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix + "/"):
    for o in page.get("Contents", []):
        rel = o["Key"][len(prefix) + 1:]
        path = os.path.join(local, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        s3.download_file(bucket, o["Key"], path)
        keys.append(rel)
print("\\n".join(sorted(keys)))
`,
    [bucket, prefix, dir],
  );
}

/** Upload every file under `dir` to `prefix/` (paths become keys); returns the keys. */
export function botoUpload(
  swift: SwiftServer,
  bucket: string,
  prefix: string,
  dir: string,
): string[] {
  return movedKeys(
    swift,
    `
keys = []
for root, _, files in os.walk(local):
    for f in files:
        rel = os.path.relpath(os.path.join(root, f), local).replace(os.sep, "/")
        s3.upload_file(os.path.join(root, f), bucket, prefix + "/" + rel)
        keys.append(rel)
print("\\n".join(sorted(keys)))
`,
    [bucket, prefix, dir],
  );
}
