// S3 buckets, in Node and browsers; importing @zarrkit/store-s3 registers s3:// locations.
export {
  isS3Location,
  openS3Store,
  type S3Credentials,
  S3Error,
  S3Store,
  type S3StoreOptions,
} from "@zarrkit/store-s3";
