// In-process work queue: webhook handlers enqueue and return at once (GitHub waits 10 s at most),
// jobs with the same key (e.g. "acme/shop#12") run one after another, different keys in parallel.
// A failing job is logged and never stops the queue or the process.

export type Job = () => Promise<void>;

export interface WorkQueueLog {
  error(details: object, message: string): void;
}

export interface DrainResult {
  /** True when every job finished before the deadline. */
  finished: boolean;
  /** Jobs still queued or running when drain returned. */
  pending: number;
}

export interface WorkQueue {
  enqueue(key: string, job: Job): void;
  /** Jobs queued or running. */
  readonly size: number;
  /** Resolves when no job is queued or running. */
  idle(): Promise<void>;
  /** Waits for all work to finish, at most `deadlineMs`. */
  drain(deadlineMs: number): Promise<DrainResult>;
}

const consoleLog: WorkQueueLog = {
  error: (details, message) => console.error(message, details),
};

export function createWorkQueue(options: { log?: WorkQueueLog } = {}): WorkQueue {
  const log = options.log ?? consoleLog;
  // The tail of each key's chain; a key is removed when its chain runs dry, so the map stays small.
  const tails = new Map<string, Promise<void>>();
  let size = 0;
  let idleWaiters: (() => void)[] = [];

  const settle = () => {
    size -= 1;
    if (size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const run = async (key: string, job: Job) => {
    try {
      await job();
    } catch (error) {
      log.error({ err: error, key }, `Work for ${key} failed: ${(error as Error)?.message ?? String(error)}`);
    }
  };

  const idle = () =>
    size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));

  return {
    enqueue(key, job) {
      size += 1;
      const previous = tails.get(key) ?? Promise.resolve();
      const tail = previous
        .then(() => run(key, job))
        .finally(() => {
          if (tails.get(key) === tail) tails.delete(key);
          settle();
        });
      tails.set(key, tail);
    },
    get size() {
      return size;
    },
    idle,
    async drain(deadlineMs) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), deadlineMs);
      });
      const finished = await Promise.race([idle().then(() => true as const), deadline]);
      clearTimeout(timer);
      return { finished, pending: size };
    },
  };
}
