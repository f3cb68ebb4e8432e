// Where the CLI writes: results on stdout, messages on stderr, colour only on a terminal.
import { styleText } from "node:util";

/** Colour only when the stream is a terminal and NO_COLOR is unset or empty (no-color.org). */
export function useColour(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}

/** `text` in a colour when the stream takes colour, plain otherwise. */
export function paint(
  stream: NodeJS.WriteStream,
  colour: "red" | "yellow" | "green" | "bold" | "dim",
  text: string,
): string {
  return useColour(stream) ? styleText(colour, text) : text;
}

/** A result on stdout, with one trailing newline. */
export function printResult(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** `--json`: one document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A message on stderr. */
export function printMessage(text: string): void {
  process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
}
