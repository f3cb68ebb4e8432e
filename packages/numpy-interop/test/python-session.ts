import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { PYTHON } from "@zarrkit/test-utils";

const WORKER = fileURLToPath(new URL("./numpy_worker.py", import.meta.url));

/**
 * One long-lived reference process (numpy_worker.py under /usr/bin/python3), fed a batch of
 * requests per JSON line: starting Python per case would cost more than every case together.
 * Requests run one batch at a time, in order. Without the interpreter, `request` fails.
 */
export class PythonSession {
  readonly #child: ChildProcessWithoutNullStreams;
  #buffer = "";
  #stderr = "";
  #waiting: { resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  #exit: Error | undefined;

  constructor() {
    this.#child = spawn(PYTHON, [WORKER], { stdio: ["pipe", "pipe", "pipe"] });
    this.#child.stdout.setEncoding("utf8");
    this.#child.stdout.on("data", (text: string) => {
      this.#buffer += text;
      let nl = this.#buffer.indexOf("\n");
      while (nl >= 0) {
        const line = this.#buffer.slice(0, nl);
        this.#buffer = this.#buffer.slice(nl + 1);
        this.#waiting.shift()?.resolve(line);
        nl = this.#buffer.indexOf("\n");
      }
    });
    this.#child.stderr.setEncoding("utf8");
    this.#child.stderr.on("data", (text: string) => {
      this.#stderr += text;
    });
    const fail = (why: string) => {
      this.#exit = new Error(
        `${PYTHON} ${WORKER} ${why} (apt-get install -y python3-zarr python3-numcodecs python3-blosc)\n${this.#stderr}`,
      );
      for (const w of this.#waiting.splice(0)) w.reject(this.#exit);
    };
    this.#child.on("error", (e) => fail(`could not start: ${e.message}`));
    // Writing to a process that never started fails with EPIPE; "error" above reports it.
    this.#child.stdin.on("error", () => undefined);
    this.#child.on("exit", (code) => fail(`exited with ${code}`));
  }

  /** Send a batch of requests; resolves with one answer per request, in order. */
  async request<T>(batch: readonly object[]): Promise<T[]> {
    if (this.#exit) throw this.#exit;
    const line = await new Promise<string>((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#child.stdin.write(`${JSON.stringify(batch)}\n`);
    });
    const answer = JSON.parse(line) as { ok?: T[]; error?: string };
    if (answer.error !== undefined) throw new Error(`reference failed:\n${answer.error}`);
    return answer.ok!;
  }

  /** Run Python code with `vars` in scope; its `result` variable comes back as JSON. */
  async exec<T>(code: string, vars: Record<string, unknown> = {}): Promise<T> {
    const [r] = await this.request<T>([{ op: "exec", code, vars }]);
    return r!;
  }

  close(): void {
    this.#child.stdin.end();
  }
}
