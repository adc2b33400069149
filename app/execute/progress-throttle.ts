// Progress reports at most once per interval: a change inside the interval is sent when the
// interval ends (the latest state only), and flush() sends the final state at once.
import type { ProgressTimers } from "./types.ts";

export class ProgressThrottle<T> {
  readonly #send: (value: T) => void;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #timers: ProgressTimers;
  #lastSentAt: number | undefined;
  #pending: { value: T } | undefined;
  #timer: unknown;

  constructor(options: {
    send: (value: T) => void;
    intervalMs: number;
    now: () => number;
    timers: ProgressTimers;
  }) {
    this.#send = options.send;
    this.#intervalMs = options.intervalMs;
    this.#now = options.now;
    this.#timers = options.timers;
  }

  /** Reports `value` now if the interval has passed, else once it has (unless a newer value comes). */
  update(value: T): void {
    this.#pending = { value };
    if (this.#timer !== undefined) return;
    const now = this.#now();
    const wait = this.#lastSentAt === undefined ? 0 : this.#lastSentAt + this.#intervalMs - now;
    if (wait <= 0) {
      this.#sendPending();
      return;
    }
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      this.#sendPending();
    }, wait);
  }

  /** Sends `value` at once (the end of a run), cancelling any scheduled report. */
  flush(value: T): void {
    this.#cancel();
    this.#pending = { value };
    this.#sendPending();
  }

  #cancel(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #sendPending(): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    this.#lastSentAt = this.#now();
    this.#send(pending.value);
  }
}
