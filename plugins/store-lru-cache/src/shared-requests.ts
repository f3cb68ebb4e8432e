/** One request to the wrapped store that several callers wait for. */
export interface Flight {
  /**
   * False once a write or an invalidation touched what the request reads: its result may
   * predate the change, so it is handed to the callers already waiting but not cached.
   */
  readonly current: boolean;
}

interface PendingFlight<T> extends Flight {
  current: boolean;
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * Requests in flight by id, so concurrent reads of the same missing value share one request
 * to the wrapped store. A caller's AbortSignal rejects that caller at once; the shared
 * request itself is aborted only when every caller waiting for it has aborted, so one
 * impatient caller cannot fail the others.
 */
export class SharedRequests<T> {
  readonly #pending = new Map<string, PendingFlight<T>>();

  /**
   * Wait for the request under `id`, starting it with `start` when none is in flight.
   * `start` receives the shared request's signal and its flight (to check `current`).
   */
  join(
    id: string,
    signal: AbortSignal | undefined,
    start: (signal: AbortSignal, flight: Flight) => Promise<T>,
  ): Promise<T> {
    signal?.throwIfAborted();
    let flight = this.#pending.get(id);
    if (flight === undefined) flight = this.#start(id, start);
    const joined = flight;
    joined.waiters++;
    if (signal === undefined) return joined.promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        reject(signal.reason);
        if (--joined.waiters === 0) {
          this.#drop(id, joined);
          joined.controller.abort(signal.reason);
        }
      };
      signal.addEventListener("abort", onAbort, { once: true });
      joined.promise.then(
        (v) => {
          signal.removeEventListener("abort", onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(e);
        },
      );
    });
  }

  /** Let later callers start afresh, and keep what the flights under `which` return uncached. */
  forget(which: (id: string) => boolean): void {
    for (const [id, flight] of [...this.#pending]) if (which(id)) this.#drop(id, flight);
  }

  #start(id: string, start: (signal: AbortSignal, flight: Flight) => Promise<T>) {
    const controller = new AbortController();
    const flight = { current: true, controller, waiters: 0 } as PendingFlight<T>;
    // Started on a later tick of the same call, so `flight` is complete when `start` sees it.
    (flight as { promise: Promise<T> }).promise = Promise.resolve().then(() =>
      start(controller.signal, flight),
    );
    this.#pending.set(id, flight);
    const done = () => this.#drop(id, flight);
    // Settles quietly: callers see the outcome through their own `then`.
    flight.promise.then(done, done);
    return flight;
  }

  #drop(id: string, flight: PendingFlight<T>): void {
    flight.current = false;
    if (this.#pending.get(id) === flight) this.#pending.delete(id);
  }
}
