import { registerDigestHash } from "@zarrkit/core";
import { md5, sha1 } from "@noble/hashes/legacy.js";
import { sha224, sha256 } from "@noble/hashes/sha2.js";

// hashlib's common names for `digest`/`hexdigest`; core ships none so an app on core alone
// does not bundle them. SHA-512 would add about 5 kB minified, SHA-3 and BLAKE2 about 12 kB
// more: an app that needs one registers it.
registerDigestHash("md5", () => md5.create());
registerDigestHash("sha1", () => sha1.create());
registerDigestHash("sha224", () => sha224.create());
registerDigestHash("sha256", () => sha256.create());
