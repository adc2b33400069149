// Follows a collection (a list path plus selectors) the way informers do: list, then watch from the
// list's resourceVersion; whenever the watch ends, drops or reports an error (e.g. 410 Expired),
// list again and watch again. Every change is judged at once, so a verdict lands within one event
// of the cluster reaching the state, without polling.
import { setTimeout as sleep } from "node:timers/promises";
import { Watch } from "@kubernetes/client-node";
import type { KubeClients } from "../../tools/kubernetes/client.ts";
import type { KubeList, KubeObject } from "../../tools/kubernetes/object-rest.ts";
import { VerifyError } from "./types.ts";

export interface CollectionQuery {
  /** The list path, e.g. `/api/v1/namespaces/shop/pods`. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** For sentences: `pods matching "app=web" in namespace "shop"`. */
  description: string;
}

export interface FollowOptions {
  signal: AbortSignal;
  /** A transient API failure (retried); `undefined` once a list succeeds again. */
  onProblem?(problem: string | undefined): void;
}

type WatchEnd = { kind: "decided" } | { kind: "closed"; productive: boolean; error?: unknown };

// A watch that stayed open this long was healthy (servers and client-node end quiet watches).
const healthyWatchMs = 1000;

// Permanent answers: retrying cannot help, so the intent fails with the server's reason.
const permanentStatuses = new Set([400, 401, 403, 404, 405, 406, 415, 422]);

/**
 * Calls `decide` with the current objects after every list and every watch event, and resolves with
 * the first answer that is not undefined. Rejects with the signal's reason when it aborts, and with
 * VerifyError when the API refuses the query for good (403, 404, 400…).
 */
export async function followCollection<T>(
  kube: KubeClients,
  query: CollectionQuery,
  decide: (objects: KubeObject[]) => T | undefined,
  options: FollowOptions,
): Promise<T> {
  const { signal } = options;
  let unproductiveRounds = 0;
  for (;;) {
    signal.throwIfAborted();
    // Back off only when rounds keep failing or ending empty; the first re-list is immediate.
    if (unproductiveRounds > 1) await sleep(backoffMs(unproductiveRounds), undefined, { signal });
    const listed = await listOnce(kube, query, signal);
    if (typeof listed === "string") {
      options.onProblem?.(listed);
      unproductiveRounds += 1;
      continue;
    }
    options.onProblem?.(undefined);
    const objects = new Map(listed.items.map((item) => [keyOf(item), item]));
    const first = decide([...objects.values()]);
    if (first !== undefined) return first;

    let verdict: T | undefined;
    const end = await watchOnce(kube, query, listed.metadata?.resourceVersion, signal, (type, object) => {
      if (type === "ADDED" || type === "MODIFIED") objects.set(keyOf(object), object);
      else if (type === "DELETED") objects.delete(keyOf(object));
      else if (type === "ERROR")
        return "relist"; // e.g. 410 Expired: the version left the history
      else return "continue"; // BOOKMARK
      verdict = decide([...objects.values()]);
      return verdict === undefined ? "continue" : "stop";
    });
    if (end.kind === "decided" && verdict !== undefined) return verdict;
    if (end.kind === "closed") {
      const status = statusCodeOf(end.error);
      if (status !== undefined && permanentStatuses.has(status)) {
        throw new VerifyError(refusal(query, "watch", status, undefined));
      }
      if (status !== undefined)
        options.onProblem?.(`watching ${query.description} failed with HTTP ${status}`);
      unproductiveRounds = end.productive ? 0 : unproductiveRounds + 1;
    }
  }
}

function backoffMs(rounds: number): number {
  return Math.min(100 * 2 ** (rounds - 2), 2000);
}

function keyOf(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ""}/${object.metadata?.name ?? ""}`;
}

/** The list, or a sentence saying why it failed transiently. Permanent failures throw VerifyError. */
async function listOnce(
  kube: KubeClients,
  query: CollectionQuery,
  signal: AbortSignal,
): Promise<KubeList | string> {
  let response: Awaited<ReturnType<KubeClients["request"]>>;
  try {
    response = await kube.request(query.path, {
      signal,
      headers: { Accept: "application/json" },
      query: { labelSelector: query.labelSelector, fieldSelector: query.fieldSelector },
    });
  } catch (error) {
    signal.throwIfAborted();
    return `listing ${query.description} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (response.status >= 200 && response.status < 300) return JSON.parse(response.text) as KubeList;
  const message = statusMessage(response.text);
  if (permanentStatuses.has(response.status)) {
    throw new VerifyError(refusal(query, "list", response.status, message));
  }
  return `listing ${query.description} failed with HTTP ${response.status}${message ? `: ${message}` : ""}`;
}

function statusMessage(text: string): string | undefined {
  try {
    const status = JSON.parse(text) as { message?: unknown };
    return typeof status.message === "string" ? status.message : undefined;
  } catch {
    return text.trim().slice(0, 200) || undefined;
  }
}

function refusal(query: CollectionQuery, verb: string, status: number, message: string | undefined): string {
  const hint =
    status === 401 || status === 403
      ? "Check that Skyflo's cluster credentials may list and watch them."
      : status === 404
        ? "The cluster does not serve this kind of object."
        : "Check the intent's arguments.";
  return `The cluster refused to ${verb} ${query.description} (HTTP ${status}${message ? `: ${message}` : ""}). ${hint}`;
}

function statusCodeOf(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof code === "number" ? code : undefined;
}

/** One watch connection, until the handler says stop/relist, the stream ends, or the signal aborts. */
function watchOnce(
  kube: KubeClients,
  query: CollectionQuery,
  resourceVersion: string | undefined,
  signal: AbortSignal,
  handle: (type: string, object: KubeObject) => "continue" | "stop" | "relist",
): Promise<WatchEnd> {
  return new Promise((resolve, reject) => {
    let controller: AbortController | undefined;
    let settled = false;
    let events = 0;
    const opened = performance.now();
    const closed = (error?: unknown): WatchEnd => ({
      kind: "closed",
      productive: events > 0 || performance.now() - opened >= healthyWatchMs,
      ...(error === undefined ? {} : { error }),
    });
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      controller?.abort();
      finish();
    };
    const onAbort = () => settle(() => reject(signal.reason));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    new Watch(kube.config)
      .watch(
        query.path,
        {
          labelSelector: query.labelSelector,
          fieldSelector: query.fieldSelector,
          resourceVersion,
          allowWatchBookmarks: true,
        },
        (type: string, object: KubeObject) => {
          if (settled) return;
          if (type !== "ERROR" && type !== "BOOKMARK") events += 1;
          let next: ReturnType<typeof handle>;
          try {
            next = handle(type, object);
          } catch (error) {
            // client-node's Watch swallows what its callback throws: carry it out ourselves.
            settle(() => reject(error));
            return;
          }
          if (next === "stop") settle(() => resolve({ kind: "decided" }));
          else if (next === "relist") settle(() => resolve(closed()));
        },
        (error: unknown) => settle(() => resolve(closed(error ?? undefined))),
      )
      .then(
        (started) => {
          controller = started;
          if (settled) started.abort(); // decided or aborted while the connection was opening
        },
        (error: unknown) => settle(() => resolve(closed(error ?? undefined))),
      );
  });
}
