// Turns API failures into sentences a person can act on: which object, which namespace, what to do.
import { ApiException } from "@kubernetes/client-node";
import { ToolError } from "../shared/tool-error.ts";

export interface ErrorSubject {
  /** What was being done, e.g. "scale", "read". */
  action: string;
  kind: string;
  name?: string;
  namespace?: string;
}

interface StatusBody {
  message?: string;
  reason?: string;
}

function statusOf(error: ApiException<unknown>): StatusBody {
  const body = error.body;
  if (typeof body === "object" && body !== null) return body as StatusBody;
  if (typeof body === "string") {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return { message: body.slice(0, 300) };
    }
  }
  return {};
}

function describeSubject(subject: ErrorSubject): string {
  const object = subject.name ? `${subject.kind} "${subject.name}"` : `${subject.kind} objects`;
  return subject.namespace ? `${object} in namespace "${subject.namespace}"` : object;
}

/** A ToolError for any failure of a Kubernetes call; already-friendly ToolErrors pass through. */
export function kubeError(error: unknown, subject: ErrorSubject): ToolError {
  if (error instanceof ToolError) return error;
  const target = describeSubject(subject);
  if (error instanceof ApiException) {
    const status = statusOf(error);
    const detail = status.message ? ` The API server said: ${status.message}` : "";
    switch (error.code) {
      case 404:
        return new ToolError(
          `Cannot ${subject.action} ${target}: it does not exist.`,
          `Check the name and namespace with k8s_get.${detail}`,
        );
      case 409:
        return new ToolError(
          `Cannot ${subject.action} ${target}: it conflicts with the live state (it changed or already exists).`,
          `Read it again with k8s_get and retry.${detail}`,
        );
      case 422:
        return new ToolError(`Cannot ${subject.action} ${target}: the change is invalid.${detail}`);
      case 401:
      case 403:
        return new ToolError(
          `Not allowed to ${subject.action} ${target} (HTTP ${error.code}).`,
          `Check the RBAC permissions of the credentials in the kubeconfig.${detail}`,
        );
      case 429:
      case 500:
      case 502:
      case 503:
      case 504:
        return new ToolError(
          `The API server failed to ${subject.action} ${target} (HTTP ${error.code}).`,
          `It may be overloaded or restarting; retry shortly.${detail}`,
        );
      default:
        return new ToolError(`Cannot ${subject.action} ${target} (HTTP ${error.code}).${detail}`);
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|fetch failed/i.test(message)) {
    return new ToolError(
      `Cannot ${subject.action} ${target}: the cluster API is not reachable (${message}).`,
      "Check the kubeconfig's server address and that the cluster is up.",
    );
  }
  return new ToolError(`Cannot ${subject.action} ${target}: ${message}`);
}
