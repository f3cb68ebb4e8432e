// The copy's progress bar: on a terminal (stderr a TTY, no --json) a cli-progress bar with
// chunks, bytes, rate and time left; anywhere else nothing, so piped output stays clean.
import { humanReadableSize } from "@zarrkit/core";
import cliProgress from "cli-progress";
import { useColour } from "./output.js";

export interface ProgressState {
  /** Chunks (or, for a raw copy, keys) done and expected. */
  done: number;
  total: number;
  bytesDone: number;
  /** Bytes expected, when known before the copy (a raw copy knows only what it has copied). */
  bytesTotal?: number;
}

export interface ProgressReporter {
  update(state: ProgressState): void;
  /** Draw the final state and release the terminal line. */
  stop(): void;
}

const QUIET: ProgressReporter = { update() {}, stop() {} };

/** A bar on stderr when it is a terminal; `unit` names what is counted ("chunks", "keys"). */
export function progressReporter(unit: string, enabled: boolean): ProgressReporter {
  const stream = process.stderr;
  if (!enabled || !stream.isTTY) return QUIET;
  const colour = useColour(stream);
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${colour ? "\u001b[36m{bar}\u001b[0m" : "{bar}"} {percentage}% | {value}/{total} ${unit} | {bytes} | {rate} | ETA {eta_formatted}`,
      barCompleteChar: "\u2588",
      barIncompleteChar: "\u2591",
      hideCursor: true,
      etaBuffer: 50,
      fps: 10,
      // Terminals narrower than the line still get a whole line, not a wrapped one.
      linewrap: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let running = false;
  const payload = (s: ProgressState) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? s.bytesDone / seconds : 0;
    const bytes =
      s.bytesTotal !== undefined
        ? `${humanReadableSize(s.bytesDone)}/${humanReadableSize(s.bytesTotal)}`
        : humanReadableSize(s.bytesDone);
    return { bytes, rate: `${humanReadableSize(Math.round(rate))}/s` };
  };
  return {
    update(s) {
      if (!running) {
        bar.start(s.total, s.done, payload(s));
        running = true;
      }
      bar.setTotal(s.total);
      bar.update(s.done, payload(s));
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
