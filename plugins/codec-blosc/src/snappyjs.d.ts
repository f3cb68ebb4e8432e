// Types for the parts of the npm package "snappyjs" (0.7.x, CommonJS) this codec uses.
declare module "snappyjs" {
  /** Raw Snappy compression; returns the same kind of buffer it is given. */
  export function compress(input: Uint8Array): Uint8Array;
  export function uncompress(input: Uint8Array, maxLength?: number): Uint8Array;
}
