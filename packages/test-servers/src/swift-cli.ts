// `swift-cli.ts ENV_FILE`: start Swift, write the env vars that reuse it to ENV_FILE (as
// `export NAME=value` lines), and keep it running until SIGTERM/SIGINT. scripts/servers/swift.sh
// and scripts/test.sh run it in the background.
import { renameSync, writeFileSync } from "node:fs";
import { startSwift } from "./swift.js";

const envFile = process.argv[2];
if (!envFile) {
  console.error("usage: swift-cli.ts ENV_FILE");
  process.exit(2);
}
const swift = await startSwift({ fresh: true });
const lines = Object.entries({
  ...swift.env,
  AWS_ACCESS_KEY_ID: swift.credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: swift.credentials.secretAccessKey,
  AWS_REGION: swift.region,
  AWS_ENDPOINT_URL_S3: swift.endpoint,
}).map(([k, v]) => `export ${k}=${JSON.stringify(v)}`);
// Written last and whole, so a reader that sees the file sees a server that answers.
writeFileSync(`${envFile}.tmp`, `${lines.join("\n")}\n`);
renameSync(`${envFile}.tmp`, envFile);
const shutdown = () => {
  swift.stop().then(() => process.exit(0));
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
// Keep the event loop alive until a signal arrives.
setInterval(() => {}, 1 << 30);
