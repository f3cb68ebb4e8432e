/**
 * Python source of `same(x, y)`, for a script that checks what numcodecs or zarr-python made
 * of our bytes: equal values of the same Python type, NaN equal to NaN, NumPy arrays equal in
 * dtype, shape and bytes (object arrays element by element). With `orderedKeys` dicts must
 * also list their keys in the same order (msgpack keeps insertion order; JSON written with
 * sort_keys does not). Needs `numpy as np` imported first.
 */
export function pySame(orderedKeys = false): string {
  const keys = orderedKeys ? "list(x.keys()) == list(y.keys())" : "x.keys() == y.keys()";
  return `
def same(x, y):
    if type(x) is not type(y):
        return False
    if isinstance(x, np.ndarray):
        if x.shape != y.shape or x.dtype != y.dtype:
            return False
        if x.dtype == object:
            return all(same(p, q) for p, q in zip(x.flat, y.flat))
        return x.tobytes() == y.tobytes()
    if isinstance(x, float) and x != x:
        return y != y
    if isinstance(x, list):
        return len(x) == len(y) and all(same(p, q) for p, q in zip(x, y))
    if isinstance(x, dict):
        return ${keys} and all(same(x[k], y[k]) for k in x)
    return x == y
`;
}
