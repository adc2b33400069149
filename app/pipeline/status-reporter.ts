// The one status comment, written in order. The eyes reaction already acknowledges a
// request, so "planning…" is only worth a forge write when planning is slow: it is scheduled,
// and any later report cancels it or waits for it, so updates never arrive out of order.
import { renderStatus, type StatusState } from "../render/index.ts";

export class StatusReporter {
  readonly #write: (body: string) => Promise<unknown>;
  readonly #noticeMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #notice: Promise<unknown> | undefined;

  constructor(write: (body: string) => Promise<unknown>, noticeMs: number) {
    this.#write = write;
    this.#noticeMs = noticeMs;
  }

  /** Says "planning…" if no other report comes within the notice delay. */
  schedulePlanningNotice(): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#notice = this.#write(renderStatus({ phase: "planning" })).catch(() => undefined);
    }, this.#noticeMs);
  }

  async report(state: StatusState): Promise<void> {
    this.cancel();
    await this.#notice;
    await this.#write(renderStatus(state));
  }

  /** Drops a scheduled notice that has not been written yet. */
  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
