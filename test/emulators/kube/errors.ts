// Kubernetes `Status` errors: every failure the emulator returns is one of these, with the
// reason and code a real API server would use, so clients' error handling is exercised.

export type StatusReason =
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Invalid"
  | "BadRequest"
  | "MethodNotAllowed"
  | "UnsupportedMediaType"
  | "InternalError"
  | "ServiceUnavailable"
  | "Forbidden"
  | "Unauthorized"
  | "TooManyRequests"
  | "Gone"
  | "Expired"
  | "Timeout";

export interface StatusCause {
  type?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

export class ApiError extends Error {
  readonly code: number;
  readonly reason: StatusReason;
  readonly details: StatusDetails | undefined;

  constructor(code: number, reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `deployments.apps "web" not found` — the message shape kubectl users know. */
export function notFound(groupResource: string, name: string, kind?: string): ApiError {
  return new ApiError(404, "NotFound", `${groupResource} "${name}" not found`, { name, kind });
}

export function alreadyExists(groupResource: string, name: string, kind?: string): ApiError {
  return new ApiError(409, "AlreadyExists", `${groupResource} "${name}" already exists`, { name, kind });
}

export function conflict(groupResource: string, name: string, why: string, causes?: StatusCause[]): ApiError {
  return new ApiError(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${groupResource} "${name}": ${why}`,
    {
      name,
      causes,
    },
  );
}

export function invalid(kind: string, name: string, causes: StatusCause[]): ApiError {
  const summary = causes.map((c) => `${c.field ?? ""}: ${c.message ?? ""}`).join(", ");
  return new ApiError(422, "Invalid", `${kind} "${name}" is invalid: ${summary}`, { name, kind, causes });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, "BadRequest", message);
}
