import { runPythonJson } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";
import { parseDataType } from "../src/index.js";

// NumPy's one-letter codes, where "b" alone (int8) and "b1" (bool) are easy to confuse.
const CODES = [
  "b",
  "<b",
  "B",
  "?",
  "b1",
  "|b1",
  "i1",
  "u1",
  "h",
  ">H",
  "i",
  "I",
  "l",
  "L",
  "q",
  "Q",
  "e",
  ">f",
  "d",
  "F",
  "D",
];

describe("NumPy's one-letter dtype codes", () => {
  it("parse to the type NumPy gives", () => {
    const numpy = runPythonJson<string[]>(
      `import json, numpy as np\nprint(json.dumps([np.dtype(c).str for c in ${JSON.stringify(CODES)}]))`,
    );
    expect(CODES.map((c) => parseDataType(c).str)).toEqual(numpy);
  });
});
