import { registerStore, setDefaultStore } from "@zarrkit/core";
import { MemoryStore } from "@zarrkit/store-memory";
import { openDirectoryStore } from "@zarrkit/store-fs";

// The umbrella is the one place that knows every plugin: importing a codec plugin registers
// its codecs; location strings are mapped to stores here.
setDefaultStore(() => new MemoryStore());
registerStore(
  "directory",
  (location) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(location) || location.startsWith("file://"),
  openDirectoryStore,
);
