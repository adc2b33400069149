// Events about objects, newest first and bounded: what k8s_events returns and k8s_describe shows.
import type { CoreV1Event } from "@kubernetes/client-node";
import { z } from "zod";
import type { KubeClients } from "./client.ts";

const pageSize = 500;
const maxPages = 10;

export const eventRow = z.object({
  type: z.string().describe("Normal or Warning"),
  reason: z.string(),
  object: z.string().describe("Kind/name of the object the event is about"),
  message: z.string(),
  count: z.number(),
  firstSeen: z.string().optional(),
  lastSeen: z.string().optional(),
  source: z.string().optional(),
});

export type EventRow = z.infer<typeof eventRow>;

export interface EventQuery {
  /** Undefined: every namespace. */
  namespace: string | undefined;
  kind?: string;
  name?: string;
  /** When known, only events about this very object (not an older one with the same name). */
  uid?: string;
  type?: "Normal" | "Warning";
}

function iso(value: Date | string | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function lastSeen(event: CoreV1Event): string | undefined {
  return (
    iso(event.lastTimestamp) ??
    iso(event.series?.lastObservedTime) ??
    iso(event.eventTime) ??
    iso(event.firstTimestamp) ??
    iso(event.metadata?.creationTimestamp)
  );
}

function toRow(event: CoreV1Event): EventRow {
  const involved = event.involvedObject ?? {};
  const source = event.source?.component ?? event.reportingComponent;
  const first = iso(event.firstTimestamp) ?? iso(event.eventTime);
  const last = lastSeen(event);
  return {
    type: event.type ?? "Normal",
    reason: event.reason ?? "",
    object: `${involved.kind ?? "?"}/${involved.name ?? "?"}`,
    message: event.message ?? "",
    count: event.count ?? event.series?.count ?? 1,
    ...(first ? { firstSeen: first } : {}),
    ...(last ? { lastSeen: last } : {}),
    ...(source ? { source } : {}),
  };
}

/** Events matching the query, newest first, at most `limit`; `total` counts all matches. */
export async function listEvents(
  clients: KubeClients,
  query: EventQuery,
  limit: number,
  signal: AbortSignal,
): Promise<{ events: EventRow[]; total: number; truncated: boolean }> {
  // Values come from validated names and kinds, so they cannot add selector terms.
  const fields = [
    query.kind ? `involvedObject.kind=${query.kind}` : "",
    query.name ? `involvedObject.name=${query.name}` : "",
    query.type ? `type=${query.type}` : "",
  ].filter(Boolean);
  const fieldSelector = fields.length > 0 ? fields.join(",") : undefined;
  const options = clients.options(signal);
  // Newest first needs every match; read pages until done or the read bound is reached.
  const items: CoreV1Event[] = [];
  let next: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const request = { fieldSelector, limit: pageSize, _continue: next };
    const list = query.namespace
      ? await clients.core.listNamespacedEvent({ namespace: query.namespace, ...request }, options)
      : await clients.core.listEventForAllNamespaces(request, options);
    items.push(...list.items);
    next = list.metadata?._continue;
    if (!next) break;
  }
  const matching = items.filter(
    (event) => !query.uid || !event.involvedObject?.uid || event.involvedObject.uid === query.uid,
  );
  const sorted = matching
    .map((event) => ({ event, at: lastSeen(event) ?? "" }))
    .sort((a, b) => b.at.localeCompare(a.at))
    .map(({ event }) => toRow(event));
  return {
    events: sorted.slice(0, limit),
    total: sorted.length,
    // More than the read bound exist when the server still had a page to give.
    truncated: sorted.length > limit || next !== undefined,
  };
}
