// The module the benchmark's codec workers import: every codec the umbrella registers, plus
// the deflate engine named in this module's URL (`?decode=pako`), so workers and the main
// thread decode zlib with the same implementation.
import { setDeflateEngines } from "@zarrkit/codec-zlib";
import "zarrkit/worker";

const decode = new URL(import.meta.url).searchParams.get("decode");
if (decode === "pako" || decode === "node:zlib") setDeflateEngines({ decode });
