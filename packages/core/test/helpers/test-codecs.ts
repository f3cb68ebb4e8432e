// Codecs for the worker tests, registered on import (the workers import this module too).
// "test-xor": XOR every byte with `key` and record in `globalThis` which thread ran it. The id
// is this module's alone (pipeline.test.ts registers its own XOR as "test-pipeline-xor").
import { asBytes, type Codec, type CodecInput, registerCodec } from "../../src/index.js";

import { threadId as nodeThreadId } from "node:worker_threads";

const threadId = (): number => nodeThreadId;

export class XorCodec implements Codec {
  readonly id = "test-xor";
  constructor(readonly key = 0x5a) {}
  /** Thread ids that ran encode/decode, in the thread where the codec ran. */
  static threads: number[] = [];
  #xor(data: Uint8Array): Uint8Array {
    XorCodec.threads.push(threadId());
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ this.key;
    return out;
  }
  encode(data: CodecInput): Uint8Array {
    return this.#xor(asBytes(data as ArrayBufferView));
  }
  decode(data: Uint8Array, out?: Uint8Array): Uint8Array {
    if (data.length > 0 && data[0] === 0xff) throw new Error("bad first byte");
    const r = this.#xor(data);
    // A marker in the first decoded byte tells the test which thread decoded it.
    if (out) {
      out.set(r);
      return out;
    }
    return r;
  }
  toConfig() {
    return { id: this.id, key: this.key };
  }
  toString() {
    return `XorCodec(key=${this.key})`;
  }
}

registerCodec("test-xor", (c) => new XorCodec((c as { key?: number }).key));

/** "test-crash": an identity codec that kills the worker thread it runs in (never thread 0). */
export class CrashInWorker implements Codec {
  readonly id = "test-crash";
  encode(data: CodecInput): Uint8Array {
    return asBytes(data as ArrayBufferView).slice();
  }
  decode(data: Uint8Array): Uint8Array {
    if (threadId() !== 0) process.exit(7);
    return data.slice();
  }
  toConfig() {
    return { id: this.id };
  }
}

registerCodec("test-crash", () => new CrashInWorker());
