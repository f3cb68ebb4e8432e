import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsClient } from "aws4fetch";

/**
 * OpenStack Swift 2.30 (Debian) as a loopback S3 endpoint: account, container and object
 * servers, a proxy with s3api + tempauth, and its own memcached, all under one temp dir.
 * What it takes to run here is in ../shared/spec/FACTS.md ("Servers for the remote-store
 * tests"); the comments below say which fact each setting answers.
 */
export interface SwiftServer {
  /** `http://127.0.0.1:PORT`, the S3 (and Swift) endpoint. */
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Create a bucket (a fresh unique name when none is given) and return its name. */
  createBucket(name?: string): Promise<string>;
  /** The env vars that make `startSwift()` elsewhere (and AWS clients) reuse this server. */
  readonly env: Readonly<Record<string, string>>;
  /** Stop every process and remove the temp dir; a no-op for a reused server. */
  stop(): Promise<void>;
}

export interface StartSwiftOptions {
  /** Proxy worker processes (0 = serve in the proxy's own process). Default 1. */
  proxyWorkers?: number;
  /** Ignore `ZARRKIT_TEST_S3_ENDPOINT` and start a new server. */
  fresh?: boolean;
  /** Lines of the servers' stderr go here (default: dropped, kept for the error on failure). */
  log?: (line: string) => void;
}

export const SWIFT_ENV = {
  endpoint: "ZARRKIT_TEST_S3_ENDPOINT",
  accessKeyId: "ZARRKIT_TEST_S3_ACCESS_KEY_ID",
  secretAccessKey: "ZARRKIT_TEST_S3_SECRET_ACCESS_KEY",
  region: "ZARRKIT_TEST_S3_REGION",
} as const;

const REGION = "us-east-1";
/** The domain s3api takes virtual-hosted bucket names under (`bucket.s3.zarrkit.test`). */
export const SWIFT_STORAGE_DOMAIN = "s3.zarrkit.test";
const STORAGE_DOMAIN = SWIFT_STORAGE_DOMAIN;
// tempauth's user test:tester with key testing is what s3api accepts as access key/secret.
const CREDENTIALS = { accessKeyId: "test:tester", secretAccessKey: "testing" } as const;
const PYTHON = process.env.ZARRKIT_PYTHON ?? "/usr/bin/python3";

/** Start Swift, or reuse the one named by `ZARRKIT_TEST_S3_*` (one server per test run). */
export async function startSwift(options: StartSwiftOptions = {}): Promise<SwiftServer> {
  const reused = options.fresh ? undefined : process.env[SWIFT_ENV.endpoint];
  if (reused) {
    const credentials = {
      accessKeyId: process.env[SWIFT_ENV.accessKeyId] ?? CREDENTIALS.accessKeyId,
      secretAccessKey: process.env[SWIFT_ENV.secretAccessKey] ?? CREDENTIALS.secretAccessKey,
    };
    const region = process.env[SWIFT_ENV.region] ?? REGION;
    return server(reused, region, credentials, async () => {});
  }
  return launch(options);
}

function server(
  endpoint: string,
  region: string,
  credentials: SwiftServer["credentials"],
  stop: () => Promise<void>,
): SwiftServer {
  const client = new AwsClient({ ...credentials, region, service: "s3" });
  let counter = 0;
  return {
    endpoint,
    region,
    credentials,
    env: {
      [SWIFT_ENV.endpoint]: endpoint,
      [SWIFT_ENV.accessKeyId]: credentials.accessKeyId,
      [SWIFT_ENV.secretAccessKey]: credentials.secretAccessKey,
      [SWIFT_ENV.region]: region,
    },
    async createBucket(name) {
      // Bucket names: lowercase, digits and '-' only (Swift refuses '_' and uppercase).
      const bucket =
        name ?? `zk-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
      const res = await client.fetch(`${endpoint}/${bucket}`, { method: "PUT" });
      const text = await res.text();
      // A bucket this user already owns is fine: tests may share a named one.
      if (!res.ok && !text.includes("BucketAlreadyOwnedByYou"))
        throw new Error(`cannot create bucket ${bucket} at ${endpoint}: ${res.status} ${text}`);
      return bucket;
    },
    stop,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Rings for one device per server, built in one Python process (nine CLI calls take 3 s). */
function buildRings(
  swiftDir: string,
  ports: { account: number; container: number; object: number },
) {
  const script = `
import sys, json
from swift.common.ring import RingBuilder
ports = json.loads(sys.argv[2])
for kind in ("account", "container", "object"):
    b = RingBuilder(6, 1, 1)
    b.add_dev({"id": 0, "region": 1, "zone": 1, "ip": "127.0.0.1", "port": ports[kind],
               "device": "d0", "weight": 100})
    b.rebalance()
    b.get_ring().save(sys.argv[1] + "/" + kind + ".ring.gz")
`;
  const r = spawnSync(PYTHON, ["-c", script, swiftDir, JSON.stringify(ports)], {
    encoding: "utf8",
  });
  if (r.error || r.status !== 0)
    throw new Error(
      `cannot build Swift rings with ${PYTHON} (apt-get install python3-swift): ${r.error?.message ?? r.stderr}`,
    );
}

function backendConf(kind: string, port: number, dir: string, swiftDir: string): string {
  // mount_check = false: the devices are plain folders, and a mount check answers 507.
  return `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
workers = 0
user = ${userName()}
swift_dir = ${swiftDir}
devices = ${dir}/srv
mount_check = false
log_level = WARNING

[pipeline:main]
pipeline = ${kind}-server

[app:${kind}-server]
use = egg:swift#${kind}

[${kind}-updater]
# When a container update times out under load, the object server queues it as an "async
# pending"; the updater applies it, so listings catch up within a second.
interval = 1
`;
}

function proxyConf(port: number, memcachePort: number, swiftDir: string, workers: number): string {
  // s3api must come before tempauth (else every S3 call is 403 SignatureDoesNotMatch); the
  // cache filter is required ("Memcache required"); slo gives s3api its multipart uploads.
  return `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
workers = ${workers}
user = ${userName()}
swift_dir = ${swiftDir}
log_level = WARNING
cors_allow_origin = *
cors_expose_headers = ETag, Content-Range, Content-Length, x-amz-request-id

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl ratelimit s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:s3api]
use = egg:swift#s3api
location = ${REGION}
cors_preflight_allow_origin = *
# Virtual-hosted addressing for Host: <bucket>.${STORAGE_DOMAIN}[:port] (no DNS needed: a
# client connects to 127.0.0.1 and sends that Host header).
storage_domain = ${STORAGE_DOMAIN}

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:${memcachePort}

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:bulk]
use = egg:swift#bulk
[filter:tempurl]
use = egg:swift#tempurl
[filter:ratelimit]
use = egg:swift#ratelimit
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
`;
}

function userName(): string {
  return process.env.USER ?? (process.getuid?.() === 0 ? "root" : "nobody");
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

// Children of every server started in this process, killed on exit if `stop()` was never
// reached (a crashed test run must not leave servers behind).
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of running) killGroup(child, "SIGKILL");
  });
}

async function launch(options: StartSwiftOptions): Promise<SwiftServer> {
  const dir = mkdtempSync(join(tmpdir(), "zarrkit-swift-"));
  const swiftDir = join(dir, "etc");
  mkdirSync(swiftDir);
  mkdirSync(join(dir, "srv", "d0"), { recursive: true });
  const [memcache, account, container, object, proxy] = await Promise.all(
    Array.from({ length: 5 }, freePort),
  );
  buildRings(swiftDir, { account, container, object });
  writeFileSync(
    join(swiftDir, "account-server.conf"),
    backendConf("account", account, dir, swiftDir),
  );
  writeFileSync(
    join(swiftDir, "container-server.conf"),
    backendConf("container", container, dir, swiftDir),
  );
  writeFileSync(join(swiftDir, "object-server.conf"), backendConf("object", object, dir, swiftDir));
  writeFileSync(
    join(swiftDir, "proxy-server.conf"),
    proxyConf(proxy, memcache, swiftDir, options.proxyWorkers ?? 1),
  );

  const children: ChildProcess[] = [];
  const stderr: string[] = [];
  killAllOnExit();
  const start = (cmd: string, args: string[]) => {
    // Its own process group, so stop() reaches the workers a server forks, even one forked
    // while the parent was being told to stop.
    const child = spawn(cmd, args, {
      stdio: ["ignore", "ignore", "pipe"],
      cwd: dir,
      detached: true,
    });
    children.push(child);
    running.add(child);
    child.on("exit", () => running.delete(child));
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (text: string) => {
      for (const line of text.split("\n")) {
        if (!line) continue;
        if (stderr.length < 200) stderr.push(`${cmd}: ${line}`);
        options.log?.(`${cmd}: ${line}`);
      }
    });
    return child;
  };
  let stopped = false;
  let watchdog: ChildProcess | undefined;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    watchdog?.kill("SIGKILL");
    // SIGTERM to a server's parent stops its workers too.
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
            child.once("exit", () => {
              clearTimeout(timer);
              // A worker that outlived its parent.
              killGroup(child, "SIGKILL");
              resolve();
            });
            killGroup(child, "SIGTERM");
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };

  try {
    start("memcached", ["-l", "127.0.0.1", "-p", String(memcache), "-U", "0", "-u", userName()]);
    // -v: there is no /dev/log here, so logs go to stderr.
    for (const kind of ["account", "container", "object", "proxy"])
      start(`swift-${kind}-server`, [join(swiftDir, `${kind}-server.conf`), "-v"]);
    start("swift-object-updater", [join(swiftDir, "object-server.conf"), "-v"]);
    watchdog = startWatchdog(children, dir);
    const endpoint = `http://127.0.0.1:${proxy}`;
    await waitHealthy(endpoint, children, stderr);
    return server(endpoint, REGION, CREDENTIALS, stop);
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * A bash (dash's kill cannot signal a process group) that outlives this process only to
 * clean up after it: when the process that started the servers is gone without calling
 * stop() (a test worker that failed, was killed, or ended without teardown; exit hooks do
 * not run on SIGKILL), it stops the servers' process groups and removes the temp dir.
 */
function startWatchdog(children: ChildProcess[], dir: string): ChildProcess {
  const groups = children.map((c) => c.pid).filter((pid) => pid !== undefined);
  const kill = (signal: string) =>
    groups.map((g) => `kill -${signal} -- -${g} 2>/dev/null`).join("; ");
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${kill("TERM")}; sleep 3; ${kill("KILL")}; rm -rf '${dir}'`;
  const dog = spawn("/bin/bash", ["-c", script], { stdio: "ignore", detached: true });
  dog.unref();
  return dog;
}

async function waitHealthy(endpoint: string, children: ChildProcess[], stderr: string[]) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead)
      throw new Error(
        `Swift did not start: ${dead.spawnargs.join(" ")} exited with ${dead.exitCode}\n${stderr.join("\n")}`,
      );
    try {
      const res = await fetch(`${endpoint}/healthcheck`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Swift did not answer ${endpoint}/healthcheck within 60 s\n${stderr.join("\n")}`);
}
