// Run a test server by hand: `pnpm exec tsx packages/test-servers/src/cli.ts nginx <root>
// [--ignore-ranges]` or `... fault <root>`. Prints the URL, serves until Ctrl-C.
import { startFaultServer } from "./fault-server.js";
import { startNginx } from "./nginx.js";

const [command, root, ...flags] = process.argv.slice(2);
const usage = "usage: cli.ts nginx <root> [--ignore-ranges] | cli.ts fault <root>";

async function main(): Promise<{ url: string; stop(): Promise<void> }> {
  if (command === "nginx" && root)
    return startNginx({ root, ignoreRanges: flags.includes("--ignore-ranges") });
  if (command === "fault" && root) return startFaultServer({ root });
  console.error(usage);
  process.exit(2);
}

const server = await main();
console.log(`${command} serving ${root} at ${server.url} (Ctrl-C stops it)`);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    server.stop().then(() => process.exit(0));
  });
