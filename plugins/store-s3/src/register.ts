import { registerStore, type StorageOptions, ZarrError } from "@zarrkit/core";
import type { S3Credentials } from "./s3-request.js";
import { S3Store, type S3StoreOptions } from "./s3-store.js";

/**
 * True when `location` starts with `s3://` (any case): the test by which `open`, `openGroup`
 * and friends hand a location string to {@link openS3Store}.
 */
export const isS3Location = (location: string): boolean => /^s3:\/\//i.test(location);

// The options an s3:// location takes from `storageOptions`: S3StoreOptions' own names, and
// s3fs's (key, secret, token, endpoint_url, client_kwargs) so zarr-python users' settings work.
const OWN = new Set([
  "endpoint",
  "region",
  "credentials",
  "forcePathStyle",
  "concurrency",
  "retries",
  "retryDelayMs",
  "maxRetryDelayMs",
  "multipartThreshold",
  "partSize",
  "deleteBatchSize",
  "listPageSize",
  "readOnly",
  "fetch",
]);
const S3FS = new Set(["key", "secret", "token", "endpoint_url", "client_kwargs"]);

/**
 * `s3://bucket/prefix` with `storageOptions` as an S3Store; mode "r" opens it read-only. This
 * is the opener the package registers for `s3://` location strings.
 *
 * `storageOptions` take {@link S3StoreOptions}' names (but `bucket` and `prefix`, which come
 * from the location) and s3fs's, so settings written for zarr-python carry over: `key`,
 * `secret` and `token` (the credentials), `endpoint_url`, and `client_kwargs.endpoint_url` and
 * `client_kwargs.region_name`. Where both are given, the S3StoreOptions name wins.
 *
 * @param location - `s3://bucket` or `s3://bucket/prefix`.
 * @param options - The open `mode` and the `storageOptions`.
 * @throws {ZarrError} When the location is not of that form, `storageOptions` names an
 *   unknown option, `key` comes without `secret` (or either is not a string), or as the
 *   {@link S3Store} constructor.
 *
 * @example
 * ```ts
 * import { openGroup } from "@zarrkit/core";
 * import "@zarrkit/store-s3"; // registers s3:// locations
 *
 * const root = await openGroup("s3://my-bucket/data/example.zarr", {
 *   mode: "r",
 *   storageOptions: { endpoint_url: "http://127.0.0.1:9000", key: "...", secret: "..." },
 * });
 * ```
 */
export function openS3Store(
  location: string,
  { mode, storageOptions = {} }: { mode: string; storageOptions?: StorageOptions },
): S3Store {
  const m = /^s3:\/\/([^/?#]+)\/?([^?#]*)$/i.exec(location);
  if (!m)
    throw new ZarrError(
      `S3 location ${JSON.stringify(location)} is not of the form s3://bucket/prefix`,
    );
  const options: Record<string, unknown> = { bucket: m[1], prefix: m[2] ?? "" };
  for (const [name, value] of Object.entries(storageOptions)) {
    if (OWN.has(name)) options[name] = value;
    else if (!S3FS.has(name))
      throw new ZarrError(
        `storageOptions for ${location}: unknown option ${JSON.stringify(name)}; an S3 store takes ${[...OWN, ...S3FS].join(", ")}`,
      );
  }
  const so = storageOptions as Record<string, unknown>;
  if (so.key !== undefined || so.secret !== undefined) {
    if (typeof so.key !== "string" || typeof so.secret !== "string")
      throw new ZarrError(
        `storageOptions for ${location}: "key" and "secret" go together, as strings`,
      );
    const credentials: S3Credentials =
      typeof so.token === "string"
        ? { accessKeyId: so.key, secretAccessKey: so.secret, sessionToken: so.token }
        : { accessKeyId: so.key, secretAccessKey: so.secret };
    options.credentials ??= credentials;
  }
  const client = (so.client_kwargs ?? {}) as Record<string, unknown>;
  const endpointUrl = so.endpoint_url ?? client.endpoint_url;
  if (typeof endpointUrl === "string") options.endpoint ??= endpointUrl;
  if (typeof client.region_name === "string") options.region ??= client.region_name;
  if (mode === "r") options.readOnly ??= true;
  return new S3Store(options as unknown as S3StoreOptions);
}

registerStore("s3", isS3Location, openS3Store);
