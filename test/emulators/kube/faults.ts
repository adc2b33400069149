// Fault injection for tests: fail the next matching requests with a Status, slow requests down, or
// drop open watch streams. A string path matches the request path (no query) exactly or as a
// parent path ("/apis/apps/v1" matches everything under it); a RegExp is tested against it.
import { ApiError, type StatusReason } from "./errors.ts";

export interface FailRule {
  path: string | RegExp;
  method?: string;
  status: number;
  /** How many matching requests fail (default 1). */
  count?: number;
  message?: string;
  /** Only requests with (true) or without (false) `dryRun=All`; default: both. */
  dryRun?: boolean;
}

export interface DelayRule {
  path: string | RegExp;
  method?: string;
  ms: number;
  /** How many matching requests are delayed (default: every one until clear()). */
  count?: number;
  /** Only requests with (true) or without (false) `dryRun=All`; default: both. */
  dryRun?: boolean;
}

export interface Faults {
  failNext(rule: FailRule): void;
  delay(rule: DelayRule): void;
  dropWatches(path?: string | RegExp): number;
  clear(): void;
}

const reasons: Record<number, StatusReason> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  409: "Conflict",
  410: "Gone",
  415: "UnsupportedMediaType",
  422: "Invalid",
  429: "TooManyRequests",
  500: "InternalError",
  503: "ServiceUnavailable",
  504: "Timeout",
};

export function pathMatches(rule: string | RegExp, path: string): boolean {
  if (rule instanceof RegExp) return rule.test(path);
  const parent = rule.endsWith("/") ? rule : `${rule}/`;
  return path === rule || path.startsWith(parent);
}

interface Counted<T> {
  rule: T;
  remaining: number;
}

export interface FaultDecision {
  delayMs: number;
  failure: ApiError | undefined;
}

export class FaultInjector implements Faults {
  private failures: Counted<FailRule>[] = [];
  private delays: Counted<DelayRule>[] = [];
  private readonly dropper: (matches: (path: string) => boolean) => number;

  /** `dropper` ends the open watches whose path matches and returns how many it ended. */
  constructor(dropper: (matches: (path: string) => boolean) => number) {
    this.dropper = dropper;
  }

  failNext(rule: FailRule): void {
    if (!Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599) {
      throw new Error(`faults.failNext: status must be an HTTP error code (400-599), got ${rule.status}`);
    }
    const count = rule.count ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new Error(`faults.failNext: count must be a positive integer, got ${count}`);
    }
    this.failures.push({ rule, remaining: count });
  }

  delay(rule: DelayRule): void {
    if (!(rule.ms >= 0)) throw new Error(`faults.delay: ms must be a non-negative number, got ${rule.ms}`);
    const count = rule.count ?? Number.POSITIVE_INFINITY;
    if (!(count >= 1)) throw new Error(`faults.delay: count must be at least 1, got ${count}`);
    this.delays.push({ rule, remaining: count });
  }

  dropWatches(path?: string | RegExp): number {
    return this.dropper((watchPath) => path === undefined || pathMatches(path, watchPath));
  }

  clear(): void {
    this.failures = [];
    this.delays = [];
  }

  /** Consumes the rules that apply to this request and says what to do to it. */
  decide(method: string, path: string, dryRun = false): FaultDecision {
    const applies = (rule: { path: string | RegExp; method?: string; dryRun?: boolean }) =>
      (rule.method === undefined || rule.method.toUpperCase() === method.toUpperCase()) &&
      (rule.dryRun === undefined || rule.dryRun === dryRun) &&
      pathMatches(rule.path, path);
    let delayMs = 0;
    for (const entry of this.delays) {
      if (entry.remaining > 0 && applies(entry.rule)) {
        delayMs += entry.rule.ms;
        entry.remaining--;
      }
    }
    this.delays = this.delays.filter((entry) => entry.remaining > 0);
    let failure: ApiError | undefined;
    const hit = this.failures.find((entry) => applies(entry.rule));
    if (hit) {
      hit.remaining--;
      if (hit.remaining === 0) this.failures = this.failures.filter((entry) => entry !== hit);
      const status = hit.rule.status;
      failure = new ApiError(
        status,
        reasons[status] ?? (status >= 500 ? "InternalError" : "BadRequest"),
        hit.rule.message ?? `injected fault: ${method} ${path} failed with ${status}`,
      );
    }
    return { delayMs, failure };
  }
}
