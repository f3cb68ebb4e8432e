import { registerStore, setDefaultStore } from "@zarrkit/core";
import { MemoryStore } from "@zarrkit/store-memory";

// The umbrella is the one place that knows every plugin: importing a plugin registers its
// codecs; stores are mapped to location strings here.
setDefaultStore(() => new MemoryStore());
void registerStore;
