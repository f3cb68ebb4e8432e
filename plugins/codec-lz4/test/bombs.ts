/**
 * A valid numcodecs LZ4 chunk of `size` zero bytes, about size / 255 bytes long: one literal,
 * one long match at offset 1, then the five literals a block must end with.
 */
export function zeroChunk(size: number): Uint8Array {
  let rest = size - 1 - (4 + 15) - 5;
  const block = [0x1f, 0, 1, 0];
  while (rest >= 255) {
    block.push(255);
    rest -= 255;
  }
  block.push(rest, 0x50, 0, 0, 0, 0, 0);
  const out = new Uint8Array(4 + block.length);
  new DataView(out.buffer).setUint32(0, size, true);
  out.set(block, 4);
  return out;
}
