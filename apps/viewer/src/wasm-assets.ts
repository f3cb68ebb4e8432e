// The codecs' WebAssembly files that the bundle cannot find by itself: @zarrkit/codec-bz2
// fetches bzip2.wasm from beside its module, which this app's build does not emit (the file
// is in the bzip2-wasm package, not beside the codec's source). Vite emits it for the `?url`
// import, and the codec is told where. zstd.wasm is found without help.
import bz2WasmUrl from "bzip2-wasm/bzip2-1.0.8/bzip2.wasm?url";
import { setBz2WasmSource } from "zarrkit/browser";

setBz2WasmSource(new URL(bz2WasmUrl, self.location.href));
