/** Bad usage (a malformed selection or option value): the CLI exits with status 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
