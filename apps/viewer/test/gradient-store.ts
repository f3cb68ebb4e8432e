// The known store of the viewer tests, written live by zarr-python 2.13: a group with a 3-D
// gradient (a known function of the indices, zlib) and a small array in a subgroup (10 i + j,
// bz2: its codec needs a WebAssembly file the app's build must ship), with
// consolidated metadata (HTTP cannot list a group; .zmetadata lists it in one request).
import { runPythonJson } from "@zarrkit/test-utils";

export const SHAPE = [4, 300, 400] as const;
export const CHUNKS = [1, 100, 100] as const;

/** The gradient's value at [k, i, j]. */
export const gradient = (k: number, i: number, j: number) => k * 1000 + 2 * i + j;

export interface WrittenStore {
  /** zarr-python's `print(z.info)` for the gradient, opened read-only. */
  info: string;
}

const tuple = (xs: readonly number[]) => `(${xs.join(", ")})`;

export function writeGradientStore(dir: string): WrittenStore {
  return runPythonJson<WrittenStore>(`
import json, numpy as np, zarr
from numcodecs import BZ2, Zlib
root = zarr.open_group(${JSON.stringify(dir)}, mode="w")
k, i, j = np.indices(${tuple(SHAPE)})
z = root.create_dataset("gradient", shape=${tuple(SHAPE)}, chunks=${tuple(CHUNKS)}, dtype="<u2", compressor=Zlib(level=1))
z[...] = (k * 1000 + 2 * i + j).astype("<u2")
z.attrs["units"] = "kelvin"
m = root.create_group("labels").create_dataset("mask", shape=(10, 10), chunks=(5, 5), dtype="|i1", compressor=BZ2(level=5))
m[...] = np.add.outer(np.arange(10) * 10, np.arange(10))
zarr.consolidate_metadata(root.store)
r = zarr.open_group(${JSON.stringify(dir)}, mode="r")
print(json.dumps({"info": str(r["gradient"].info)}))
`);
}
