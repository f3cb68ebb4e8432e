import ts from "typescript";

/**
 * The module specifiers a TypeScript source imports or re-exports, static and dynamic, in
 * order, as TypeScript's own pre-processor reads them: an `import` inside a doc comment's
 * example is not an import.
 */
export function moduleSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}
