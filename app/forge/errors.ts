// The one error type forge adapters throw, so the core can reply or retry without knowing which
// forge (or which HTTP client) failed.

export interface ForgeErrorOptions {
  /** The HTTP status the forge answered, when it answered at all. */
  status?: number;
  /** True when trying again later may succeed (rate limits, 5xx, network failures). */
  retryable?: boolean;
  /** How long the forge asked us to wait before retrying, when it said. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class ForgeError extends Error {
  override readonly name = "ForgeError";
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  /** `message` is a sentence for people: what failed, on which repository/object, and what to do. */
  constructor(message: string, options: ForgeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isForgeError(error: unknown): error is ForgeError {
  return error instanceof ForgeError;
}
