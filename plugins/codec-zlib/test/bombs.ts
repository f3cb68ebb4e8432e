import { createDeflate, createGzip } from "node:zlib";

/**
 * A zlib (or gzip) stream of `size` zero bytes, built by streaming so the test never holds
 * the decoded bytes: level 9 deflate reaches about 1030:1, so 256 MiB takes about 260 KB.
 */
export async function zeroStream(format: "zlib" | "gzip", size: number): Promise<Uint8Array> {
  const z = format === "zlib" ? createDeflate({ level: 9 }) : createGzip({ level: 9 });
  const parts: Buffer[] = [];
  z.on("data", (b: Buffer) => parts.push(b));
  const done = new Promise((resolve, reject) => {
    z.on("end", resolve);
    z.on("error", reject);
  });
  const block = Buffer.alloc(1024 * 1024);
  for (let left = size; left > 0; left -= block.length) {
    const piece = left >= block.length ? block : block.subarray(0, left);
    if (!z.write(piece)) await new Promise((resolve) => z.once("drain", resolve));
  }
  z.end();
  await done;
  return new Uint8Array(Buffer.concat(parts));
}
