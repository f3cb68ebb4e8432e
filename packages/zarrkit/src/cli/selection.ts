// `zarrkit get` selections in NumPy syntax: "0, :10", "::2, -1", "..., 3".
import { parseSelectionString, type Selection } from "@zarrkit/core";
import { UsageError } from "./usage-error.js";

/** Parse a selection; syntax errors are bad usage (exit status 2), naming the text. */
export function parseSelection(text: string): Selection {
  try {
    return parseSelectionString(text);
  } catch (e) {
    throw new UsageError(`bad selection ${JSON.stringify(text)}: ${(e as Error).message}`);
  }
}
