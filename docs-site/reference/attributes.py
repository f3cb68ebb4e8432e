import zarr
from zk import js

# %%
root = zarr.group()
root.attrs["foo"] = "bar"
z = root.zeros("zzz", shape=(10000, 10000))
z.attrs["baz"] = 42
z.attrs["qux"] = [1, 4, 7, 12]
print(js(sorted(root.attrs)))
print(js("foo" in root.attrs))
print(root.attrs["foo"])
print(js(sorted(z.attrs)))
print(z.attrs["baz"])
print(js(z.attrs["qux"]))
# %%
z.attrs.update({"units": "m/s", "scale": 0.5})
del z.attrs["baz"]
for key in sorted(z.attrs):
    print(key, js(z.attrs[key]))
print(root.store["zzz/.zattrs"].decode())
# %%
t = root.zeros("ttt", shape=(10,))
t.attrs.update({"big": 2**60 + 1, "ratio": 1.0, "limits": [float("-inf"), 0.5, float("nan")], "offset": -0.0})
big = t.attrs["big"]
print("bigint" if abs(big) > 2**53 - 1 else "number", big)
# console.log of a JavaScript array: [ -Infinity, 0.5, NaN ]
limits = ", ".join({"-inf": "-Infinity", "inf": "Infinity", "nan": "NaN"}.get(repr(v), repr(v)) for v in t.attrs["limits"])
print(js(t.attrs["ratio"]), f"[ {limits} ]")
print(root.store["ttt/.zattrs"].decode())
# %%
t.attrs["units"] = "m"
t.attrs["limits"] = t.attrs["limits"] + [1]
print(root.store["ttt/.zattrs"].decode())
# %%
try:
    z.attrs["bad"] = object()
except Exception as e:
    print("rejected:", js(isinstance(e, Exception)))
print(js("bad" in z.attrs))
