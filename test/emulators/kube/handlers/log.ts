// GET pods/{name}/log: plain text. `follow` returns what there is and ends; sinceSeconds is accepted.
import { badRequest, notFound } from "../errors.ts";
import { podLog } from "../pod-logs.ts";
import { groupResource } from "../resources.ts";
import { sendText } from "../server/http-io.ts";
import type { ApiRequest } from "../server/request.ts";

function optionalCount(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function getPodLog(r: ApiRequest): void {
  const { type, namespace, name = "" } = r.route;
  const pod = r.state.store.get(type, namespace, name);
  if (!pod) throw notFound(groupResource(type), name, type.kind);
  optionalCount(r.query, "sinceSeconds");
  const container = r.query.get("container") ?? undefined;
  const tailLines = optionalCount(r.query, "tailLines");
  const limitBytes = optionalCount(r.query, "limitBytes");
  const text = podLog(pod, {
    ...(container !== undefined ? { container } : {}),
    previous: r.query.get("previous") === "true",
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
    timestamps: r.query.get("timestamps") === "true",
  });
  sendText(r.res, 200, text);
}
