// Importing @zarrkit/store-http registers http:// and https:// location strings.
export {
  type HttpHeaders,
  type HttpRequestInfo,
  HttpStore,
  HttpStoreError,
  type HttpStoreOptions,
} from "@zarrkit/store-http";
