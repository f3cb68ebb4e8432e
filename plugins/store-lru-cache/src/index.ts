export { LRUStoreCache, type LRUStoreCacheOptions } from "./lru-store-cache.js";
