// TypeDoc plugin: names each entry module for the npm import that reaches it ("@zarrkit/core",
// "zarrkit/browser") instead of its folder ("packages/core/src"), so the reference reads the
// way users import.
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Converter, ReflectionKind } from "typedoc";

function packageOf(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, "utf8")).name;
  }
  return undefined;
}

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const file = context
      .getSymbolFromReflection(reflection)
      ?.declarations?.[0]?.getSourceFile().fileName;
    const name = file && packageOf(file);
    if (!name) return;
    const stem = basename(file).replace(/\.[cm]?tsx?$/, "");
    reflection.name = stem === "index" ? name : `${name}/${stem}`;
  });
}
