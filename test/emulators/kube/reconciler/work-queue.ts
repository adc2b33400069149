// A keyed work queue, like client-go's: adding a key that is already queued is a no-op, keys are handled
// one at a time off the store's call stack (store listeners must not write), and idle() resolves once
// nothing is queued or running. Work is drained in slices so the HTTP server stays responsive.
import { ApiError } from "../errors.ts";

const SLICE_MS = 20;

export class WorkQueue {
  private readonly pending = new Map<string, () => void>();
  private readonly waiters: (() => void)[] = [];
  private scheduled = false;
  private running = false;
  private stopped = false;

  add(key: string, task: () => void): void {
    if (this.stopped) return;
    if (!this.pending.has(key)) this.pending.set(key, task);
    this.schedule();
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
    this.settle();
  }

  private isIdle(): boolean {
    return this.stopped || (!this.running && !this.scheduled && this.pending.size === 0);
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    this.running = true;
    const started = Date.now();
    try {
      while (!this.stopped && this.pending.size > 0 && Date.now() - started < SLICE_MS) {
        const [key, task] = this.pending.entries().next().value as [string, () => void];
        this.pending.delete(key);
        runTask(key, task);
      }
    } finally {
      this.running = false;
    }
    if (!this.stopped && this.pending.size > 0) this.schedule();
    else this.settle();
  }

  private settle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

function runTask(key: string, task: () => void): void {
  try {
    task();
  } catch (error) {
    // API errors are the world moving under a controller (an owner deleted, a namespace terminating);
    // the next event for the object retries, as a real controller's requeue would.
    if (error instanceof ApiError) return;
    console.error(`kube emulator reconciler: ${key} failed:`, error);
  }
}
