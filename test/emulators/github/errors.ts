// GitHub's error bodies: {message, documentation_url, errors?}. Handlers throw these; the server
// turns them into responses (and anything else into a 500 naming the bug).
const docsBase = "https://docs.github.com/rest";

export interface FieldError {
  resource: string;
  field?: string;
  code: string;
  message?: string;
}

export class GitHubApiError extends Error {
  readonly status: number;
  readonly errors: unknown[] | undefined;
  readonly documentationUrl: string;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message: string,
    extra: { errors?: unknown[]; documentationUrl?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.errors = extra.errors;
    this.documentationUrl = extra.documentationUrl ?? docsBase;
    this.headers = extra.headers ?? {};
  }

  body(): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      documentation_url: this.documentationUrl,
      status: String(this.status),
    };
  }
}

export function notFound(message = "Not Found"): GitHubApiError {
  return new GitHubApiError(404, message);
}

export function forbidden(message: string): GitHubApiError {
  return new GitHubApiError(403, message);
}

export function unauthorized(message = "Requires authentication"): GitHubApiError {
  return new GitHubApiError(401, message);
}

export function conflict(message: string): GitHubApiError {
  return new GitHubApiError(409, message);
}

/** 422 "Validation Failed" with GitHub's per-field errors. */
export function validationFailed(...errors: FieldError[]): GitHubApiError {
  return new GitHubApiError(422, "Validation Failed", { errors });
}

/** 422 with a plain message (GitHub uses these for e.g. refs and reviews). */
export function unprocessable(message: string, errors?: unknown[]): GitHubApiError {
  return new GitHubApiError(422, message, errors ? { errors } : {});
}

export function missingField(resource: string, field: string): GitHubApiError {
  return validationFailed({ resource, field, code: "missing_field" });
}

export function invalidField(resource: string, field: string, message?: string): GitHubApiError {
  return validationFailed({ resource, field, code: "invalid", ...(message ? { message } : {}) });
}
