export { S3Error, type S3Credentials } from "./s3-request.js";
export { S3Store, type S3StoreOptions } from "./s3-store.js";
export { isS3Location, openS3Store } from "./register.js";
