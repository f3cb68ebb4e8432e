// The `zarrkit` command line: commands and options (API.md, "Command line"), exit statuses
// (0 success, 1 failure, 2 bad usage) and one-line errors naming the location.
import { createRequire } from "node:module";
import { Command, CommanderError, Option } from "commander";
import { consolidateCommand } from "./consolidate-command.js";
import { CopyInterrupted, copyCommand } from "./copy-command.js";
import { getCommand } from "./get-command.js";
import { infoCommand } from "./info-command.js";
import { type Location, parseLocation } from "./location.js";
import { paint, printMessage } from "./output.js";
import { treeCommand } from "./tree-command.js";
import { UsageError } from "./usage-error.js";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

function packageVersion(): string {
  const require = createRequire(import.meta.url);
  // src/cli and dist/cli both sit two levels below the package root.
  return (require("../../package.json") as { version: string }).version;
}

interface GlobalOptions {
  json?: boolean;
  verbose?: boolean;
}

/** One line: newlines in a library message are folded so the error stays on one line. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, "; ");
}

/** Run the CLI on `argv` (without node and the script); resolves to the exit status. */
export async function run(argv: readonly string[]): Promise<number> {
  let failedAt: Location | undefined;
  let verbose = argv.includes("--verbose");
  const program = new Command("zarrkit")
    .description("Inspect, read and copy Zarr stores: paths, .zip files, http(s):// and s3:// URLs")
    .version(packageVersion(), "--version", "print the version")
    .helpOption("-h, --help", "show help")
    .option("--json", "print one JSON document on stdout")
    .option("--verbose", "print stack traces with errors")
    .addHelpText(
      "after",
      "\nA LOCATION is a path, a .zip, an http(s):// URL or an s3:// URL, optionally followed by\n#path/inside (e.g. data.zarr#foo/bar).\nExit status: 0 success, 1 failure, 2 bad usage.",
    )
    .showHelpAfterError("(run zarrkit --help for usage)")
    .exitOverride();
  const globals = () => program.opts<GlobalOptions>();
  const at = (text: string) => {
    const location = parseLocation(text);
    failedAt = location;
    return location;
  };

  program
    .command("info")
    .description("print info for an array or a group (zarr-python's .info)")
    .argument("<location>")
    .action((location: string) => infoCommand(at(location), Boolean(globals().json)));
  program
    .command("tree")
    .description("print the hierarchy (zarr-python's zarr.tree)")
    .argument("<location>")
    .option("--level <n>", "how many levels deep")
    .action((location: string, opts: { level?: string }) =>
      treeCommand(at(location), { json: Boolean(globals().json), ...opts }),
    );
  program
    .command("get")
    .description('print the values of a selection in NumPy syntax, e.g. "0, :10"')
    .argument("<location>")
    .argument("<selection>")
    // A selection such as "-1, ::2" starts with a dash; it is the operand, not an option.
    .allowUnknownOption()
    .action((location: string, selection: string) =>
      getCommand(at(location), selection, Boolean(globals().json)),
    );
  program
    .command("copy")
    .description("copy a group or array to another store, converting as it copies")
    .argument("<src>")
    .argument("<dst>")
    .addOption(
      new Option("--zarr-format <n>", "write this Zarr format (2 or 3), decoding and re-encoding"),
    )
    .option("--shards <shape>", "with Zarr v3: the shard shape of every array, e.g. 1000,1000")
    .addOption(new Option("--if-exists <what>", "when the destination holds data: skip or replace"))
    .action(
      async (
        srcText: string,
        dstText: string,
        opts: Omit<Parameters<typeof copyCommand>[2], "json">,
      ) => {
        const src = parseLocation(srcText);
        const controller = new AbortController();
        let interrupts = 0;
        const onInterrupt = () => {
          interrupts++;
          // A second Ctrl-C does not wait for the chunks in flight.
          if (interrupts > 1) process.exit(130);
          printMessage(
            "\nstopping: letting the chunks in flight finish (Ctrl-C again to quit now)",
          );
          controller.abort(new Error("interrupted by Ctrl-C"));
        };
        process.on("SIGINT", onInterrupt);
        try {
          // Errors name both ends; the library's message says which one it is about.
          failedAt = { text: `${srcText} -> ${dstText}`, store: "", path: "" };
          await copyCommand(
            src,
            parseLocation(dstText),
            { ...opts, json: Boolean(globals().json) },
            controller.signal,
          );
        } finally {
          process.off("SIGINT", onInterrupt);
        }
      },
    );
  program
    .command("consolidate")
    .description("write consolidated metadata (zarr-python's consolidate_metadata)")
    .argument("<location>")
    .action((location: string) => consolidateCommand(at(location), Boolean(globals().json)));

  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT_OK;
  } catch (e) {
    verbose ||= Boolean(globals().verbose);
    if (e instanceof CommanderError) {
      // --help and --version end through here too, successfully.
      if (e.exitCode === 0) return EXIT_OK;
      return EXIT_USAGE;
    }
    const error = e as Error;
    const where = failedAt ? `${failedAt.text}: ` : "";
    const label = paint(process.stderr, "red", "zarrkit:");
    printMessage(`${label} ${where}${oneLine(error.message ?? String(error))}`);
    if (verbose && error.stack) printMessage(error.stack);
    if (e instanceof UsageError) return EXIT_USAGE;
    if (e instanceof CopyInterrupted) return EXIT_FAILURE;
    return EXIT_FAILURE;
  }
}
