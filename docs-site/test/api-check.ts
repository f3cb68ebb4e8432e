// Runs the API reference's TypeDoc configuration (typedoc.config.mjs) without writing pages,
// and returns what its documentation gate (validation.notDocumented) reports.
import { Application, TSConfigReader, type TypeDocOptions } from "typedoc";
import config from "../typedoc.config.mjs";

export interface Undocumented {
  /** npm name of the package that declares it. */
  pkg: string;
  /** TypeDoc's qualified name, e.g. `ZarrArray.resize`. */
  name: string;
  /** Reflection kind, e.g. `Method`. */
  kind: string;
  /** Source file inside the package. */
  file: string;
}

// TypeDoc's message: "{name} ({kind}), defined in {package}/{path}, does not have any documentation".
const MESSAGE =
  /^(.+) \((\w+)\), defined in ((?:@[^/]+\/)?[^/]+)\/(.+), does not have any documentation$/;

export async function findUndocumented(
  overrides: Partial<TypeDocOptions> = {},
): Promise<Undocumented[]> {
  const app = await Application.bootstrapWithPlugins(
    { ...(config as Partial<TypeDocOptions>), ...overrides, logLevel: "Error" },
    [new TSConfigReader()],
  );
  const found: Undocumented[] = [];
  const logger = app.logger;
  const report = logger.validationWarning.bind(logger) as (...args: unknown[]) => void;
  logger.validationWarning = ((message: string, ...rest: unknown[]) => {
    const m = MESSAGE.exec(message);
    if (m) found.push({ name: m[1]!, kind: m[2]!, pkg: m[3]!, file: m[4]! });
    report(message, ...rest);
  }) as typeof logger.validationWarning;
  const project = await app.convert();
  if (!project) throw new Error("TypeDoc could not convert the packages (see the errors above)");
  app.validate(project);
  return found;
}
