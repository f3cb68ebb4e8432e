// How to fetch a zip member over HTTP: one range read of local header + data (the central
// directory's sizes plus a margin for the local extra field), or a header read then a data
// read. Run by hand against nginx on loopback:
//   pnpm --filter @zarrkit/remote-interop exec tsx --conditions zarrkit-source bench/member-reads.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNginx } from "@zarrkit/test-servers";
import { runPython, runPythonJson } from "@zarrkit/test-utils";
import { HttpStore } from "zarrkit";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-member-reads-"));
const zip = join(tmp, "m.zip");
const CHUNK = Number(process.env.CHUNK_BYTES ?? 8000);
runPython(`import zipfile, os
z = zipfile.ZipFile(${JSON.stringify(zip)}, "w")
for i in range(400):
    z.writestr(f"arr/{i // 20}.{i % 20}", os.urandom(${CHUNK}))
z.close()`);
const members = runPythonJson<[string, number, number][]>(`import zipfile, json
print(json.dumps([[i.filename, i.header_offset, i.compress_size] for i in zipfile.ZipFile(${JSON.stringify(zip)}).infolist()]))`);
const nginx = await startNginx({ root: tmp });
try {
  const http = new HttpStore(nginx.url, { concurrency: 1 });
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  const oneRead: number[] = [];
  const twoReads: number[] = [];
  // the two strategies alternate member by member, so load on the machine hits them alike;
  // both are bare range reads (the store's CRC check is left out of both)
  for (let pass = 0; pass < 5; pass++) {
    for (const [name, offset, size] of members) {
      let t = performance.now();
      await http.getRange("m.zip", { offset, length: 30 + name.length + 64 + size });
      oneRead.push(performance.now() - t);
      t = performance.now();
      const head = await http.getRange("m.zip", { offset, length: 30 + name.length + 64 });
      const dv = new DataView(head!.buffer, head!.byteOffset, head!.byteLength);
      const at = offset + 30 + dv.getUint16(26, true) + dv.getUint16(28, true);
      await http.getRange("m.zip", { offset: at, length: size });
      twoReads.push(performance.now() - t);
    }
  }
  const us = (ms: number) => (ms * 1000).toFixed(0);
  console.log(
    `${members.length} members of ${CHUNK} bytes, 5 passes, one request at a time, median per member: ` +
      `one read ${us(median(oneRead))} us, header then data ${us(median(twoReads))} us`,
  );
} finally {
  await nginx.stop();
  rmSync(tmp, { recursive: true, force: true });
}
