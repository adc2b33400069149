// Fault injection: fail the next matching requests with a GitHub error body and chosen headers
// (e.g. 429 with retry-after, 403 with x-ratelimit-remaining: 0). A string path matches the request
// path (no query, no /api/v3 prefix) exactly or as a parent ("/repos/o/r" matches everything under
// it); a RegExp is tested against it. Faults apply before authentication and routing.
import { GitHubApiError } from "./errors.ts";

export interface FailRule {
  method?: string;
  path: string | RegExp;
  status: number;
  /** How many matching requests fail (default 1). */
  count?: number;
  message?: string;
  headers?: Record<string, string>;
}

export interface Faults {
  failNext(rule: FailRule): void;
  clear(): void;
}

const defaultMessages: Record<number, string> = {
  403: "API rate limit exceeded",
  404: "Not Found",
  409: "Conflict",
  422: "Validation Failed",
  429: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
  500: "Server Error",
  502: "Server Error",
  503: "Service Unavailable",
};

function pathMatches(rule: string | RegExp, path: string): boolean {
  if (rule instanceof RegExp) return rule.test(path);
  const parent = rule.endsWith("/") ? rule : `${rule}/`;
  return path === rule || path.startsWith(parent);
}

export class FaultInjector implements Faults {
  private rules: { rule: FailRule; remaining: number }[] = [];

  failNext(rule: FailRule): void {
    if (!Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599) {
      throw new Error(`faults.failNext: status must be an HTTP error code (400-599), got ${rule.status}`);
    }
    const count = rule.count ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new Error(`faults.failNext: count must be a positive integer, got ${count}`);
    }
    if (typeof rule.path === "string" && !rule.path.startsWith("/")) {
      throw new Error(`faults.failNext: a string path must start with "/", got "${rule.path}"`);
    }
    this.rules.push({ rule, remaining: count });
  }

  clear(): void {
    this.rules = [];
  }

  /** Consumes the first rule that applies and returns its error, if any. */
  decide(method: string, path: string): GitHubApiError | undefined {
    const hit = this.rules.find(
      ({ rule }) =>
        (rule.method === undefined || rule.method.toUpperCase() === method) && pathMatches(rule.path, path),
    );
    if (!hit) return undefined;
    hit.remaining--;
    if (hit.remaining === 0) this.rules = this.rules.filter((entry) => entry !== hit);
    const { status, message, headers } = hit.rule;
    return new GitHubApiError(status, message ?? defaultMessages[status] ?? `injected fault: ${status}`, {
      headers: headers ?? {},
    });
  }
}
