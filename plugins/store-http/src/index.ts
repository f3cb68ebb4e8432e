export {
  DEFAULT_CONCURRENCY,
  DEFAULT_RETRIES,
  type HttpHeaders,
  type HttpRequestInfo,
  HttpStore,
  HttpStoreError,
  type HttpStoreOptions,
} from "./http-store.js";
export { isHttpUrl, openHttpStore } from "./register.js";
