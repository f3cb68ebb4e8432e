// The bench scripts' command line, read one way by all of them: `--name value` options and
// bare `--name` flags.
const ARGS = process.argv.slice(2);

/** The value after `--name`, or undefined when the option is not given. */
export function option(name: string): string | undefined {
  const i = ARGS.indexOf(`--${name}`);
  return i >= 0 ? ARGS[i + 1] : undefined;
}

/** Whether the bare flag `--name` is given. */
export function flag(name: string): boolean {
  return ARGS.includes(`--${name}`);
}
