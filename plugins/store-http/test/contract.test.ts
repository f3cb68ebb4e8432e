import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describeStoreContract } from "@zarrkit/store-contract";
import { type NginxServer, startNginx } from "@zarrkit/test-servers";
import { afterAll, beforeAll } from "vitest";
import { HttpStore } from "../src/index.js";

// One nginx for the whole suite; each store is a fresh folder of its root, seeded as files.
let root: string;
let nginx: NginxServer;
let n = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "zarrkit-http-contract-"));
  nginx = await startNginx({ root });
});
afterAll(async () => {
  await nginx?.stop();
  await rm(root, { recursive: true, force: true });
});

describeStoreContract("HttpStore (nginx)", {
  async open(initial) {
    const folder = `store-${++n}`;
    await mkdir(join(root, folder));
    for (const [key, value] of Object.entries(initial)) {
      const file = join(root, folder, ...key.split("/"));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, value);
    }
    return {
      store: new HttpStore(`${nginx.url}${folder}/`),
      cleanup: () => rm(join(root, folder), { recursive: true, force: true }),
    };
  },
  capabilities: {
    write: false,
    readOnly: true,
    rangeRead: true,
    list: false,
    listDir: false,
    deletePrefix: false,
  },
});
