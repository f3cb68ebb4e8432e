// zarr.js (npm "zarr") ships no declarations for its ESM entry; the adapter uses it untyped.
declare module "zarr";
