// The codecs' WebAssembly files, which the codecs fetch from beside their module by a fixed
// name: this app's build emits them under hashed names (zstd.wasm) or not at all (bzip2.wasm
// is in the bzip2-wasm package, not beside the codec's source). Vite emits each for its `?url`
// import and the codecs are told where. zstd-wasm's package exports no path to its file, so
// it is imported by its place in this package's node_modules.
import bz2WasmUrl from "bzip2-wasm/bzip2-1.0.8/bzip2.wasm?url";
import { setBz2WasmSource, setZstdWasmUrl } from "zarrkit/browser";
import zstdWasmUrl from "../node_modules/@bokuweb/zstd-wasm/dist/web/zstd.wasm?url";

setBz2WasmSource(new URL(bz2WasmUrl, self.location.href));
setZstdWasmUrl(new URL(zstdWasmUrl, self.location.href).href);
