// Importing @zarrkit/store-http registers http:// and https:// location strings, in Node and
// in browsers alike.
import "@zarrkit/store-http";

export {
  type HttpHeaders,
  type HttpRequestInfo,
  HttpStore,
  HttpStoreError,
  type HttpStoreOptions,
} from "@zarrkit/store-http";
