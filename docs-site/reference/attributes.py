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
try:
    z.attrs["bad"] = object()
except Exception as e:
    print("rejected:", js(isinstance(e, Exception)))
print(js("bad" in z.attrs))
