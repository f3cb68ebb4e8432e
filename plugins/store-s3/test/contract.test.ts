import { describeStoreContract, seedStore } from "@zarrkit/store-contract";
import { startSwift, type SwiftServer } from "@zarrkit/test-servers";
import { S3Store } from "../src/index.js";

// Each check gets a fresh prefix in one bucket of the run's Swift (see test/swift-setup.ts).
let swift: SwiftServer | undefined;
let bucket: string | undefined;
let n = 0;

async function fresh(readOnly: boolean, initial: Record<string, Uint8Array>) {
  swift ??= await startSwift();
  bucket ??= await swift.createBucket();
  const options = {
    bucket,
    prefix: `contract/${process.pid}-${n++}`,
    endpoint: swift.endpoint,
    region: swift.region,
    credentials: swift.credentials,
  };
  const writer = new S3Store(options);
  await seedStore(writer, initial);
  return {
    store: readOnly ? new S3Store({ ...options, readOnly: true }) : writer,
    cleanup: () => writer.deletePrefix(""),
  };
}

const capabilities = {
  write: true,
  rangeRead: true,
  list: true,
  listDir: true,
  deletePrefix: true,
};

describeStoreContract("S3Store (Swift s3api)", {
  open: (initial) => fresh(false, initial),
  capabilities,
});

describeStoreContract("S3Store (readOnly: true)", {
  open: (initial) => fresh(true, initial),
  capabilities: { ...capabilities, write: false, readOnly: true },
});
