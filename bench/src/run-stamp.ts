import { execFileSync } from "node:child_process";

/** What names a benchmark run: the day, the commit, and whether tracked files were changed. */
export interface RunStamp {
  date: string;
  commit: string;
  dirty: boolean;
  /** `<date>-<commit>`: the results files' name. */
  stamp: string;
}

export function runStamp(): RunStamp {
  const git = (...a: string[]) => {
    try {
      return execFileSync("git", a, { encoding: "utf8" }).trim();
    } catch {
      return undefined;
    }
  };
  const commit = git("rev-parse", "--short", "HEAD") ?? "unknown";
  const dirty = (git("status", "--porcelain", "--untracked-files=no") ?? "") !== "";
  const date = new Date().toISOString().slice(0, 10);
  return { date, commit, dirty, stamp: `${date}-${commit}` };
}
