// Turns what Octokit throws into a ForgeError whose message names the action and the repository,
// says what GitHub answered, and what to do. Rate limits, 5xx and network failures are retryable.
import { ForgeError } from "../errors.ts";

interface OctokitLikeError {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

/** `action` completes "GitHub could not …", e.g. "read .github/skyflo.yml at main in acme/shop". */
export function toForgeError(error: unknown, action: string, now: () => number = Date.now): ForgeError {
  if (error instanceof ForgeError) return error;
  const failure = (error ?? {}) as OctokitLikeError;
  // Octokit reports a request that got no answer (network failure) as status 500 without a response.
  const status = typeof failure.status === "number" && failure.response ? failure.status : undefined;
  const detail = githubMessage(failure);
  if (status === undefined) {
    const reason = typeof failure.message === "string" ? failure.message : String(error);
    return new ForgeError(`GitHub could not ${action}: the request did not complete (${reason}).`, {
      retryable: true,
      cause: error,
    });
  }
  const headers = failure.response?.headers ?? {};
  const retryAfterMs = retryAfter(headers, now);
  const rateLimited =
    status === 429 ||
    (status === 403 &&
      (String(headers["x-ratelimit-remaining"]) === "0" ||
        headers["retry-after"] !== undefined ||
        /rate limit/i.test(detail)));
  const options = { status, cause: error, retryAfterMs };
  const said = detail ? `: ${detail}` : "";
  if (rateLimited) {
    const wait = retryAfterMs === undefined ? "later" : `in ${Math.ceil(retryAfterMs / 1000)} s`;
    return new ForgeError(
      `GitHub could not ${action}: the rate limit was reached (${status}${said}). Skyflo will retry ${wait}.`,
      { ...options, retryable: true },
    );
  }
  if (status >= 500) {
    return new ForgeError(
      `GitHub could not ${action}: GitHub had an internal error (${status}${said}). This is usually temporary; try again.`,
      { ...options, retryable: true },
    );
  }
  const advice: Record<number, string> = {
    401: "GitHub refused the app's credentials; check APP_ID and the private key.",
    403: "The app lacks a permission it needs; check the app's permissions and that it is installed on the repository.",
    404: "Check that it exists and that the app is installed on the repository.",
    409: "The repository changed at the same time; try again.",
    422: "GitHub rejected the request as invalid.",
  };
  const hint = advice[status] ?? "";
  return new ForgeError(`GitHub could not ${action} (${status}${said}).${hint ? ` ${hint}` : ""}`, {
    ...options,
    retryable: false,
  });
}

/** True for a 404 from GitHub (absent file, non-collaborator, non-member). */
export function isNotFound(error: unknown): boolean {
  return (error as OctokitLikeError | undefined)?.status === 404;
}

function githubMessage(failure: OctokitLikeError): string {
  const data = failure.response?.data as { message?: unknown; errors?: unknown } | undefined;
  const parts: string[] = [];
  if (data && typeof data.message === "string") parts.push(data.message);
  if (data && Array.isArray(data.errors)) {
    for (const item of data.errors as unknown[]) {
      if (typeof item === "string") parts.push(item);
      else if (item && typeof item === "object") {
        const { message, field, code } = item as { message?: unknown; field?: unknown; code?: unknown };
        if (typeof message === "string") parts.push(message);
        else if (typeof field === "string")
          parts.push(`${field} ${typeof code === "string" ? code : "invalid"}`);
      }
    }
  }
  return parts.join("; ");
}

function retryAfter(
  headers: Record<string, string | number | undefined>,
  now: () => number,
): number | undefined {
  const seconds = Number(headers["retry-after"]);
  if (headers["retry-after"] !== undefined && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const reset = Number(headers["x-ratelimit-reset"]);
  if (String(headers["x-ratelimit-remaining"]) === "0" && Number.isFinite(reset) && reset > 0) {
    return Math.max(0, reset * 1000 - now());
  }
  return undefined;
}
