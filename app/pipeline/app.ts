// PLACEHOLDER written by the host helper so `skyflo serve` starts: it registers no handlers yet.
// The pipeline issue (issue 3, the lead) fills it in: handlers that enqueue work on `deps.queue`.
import type { ApplicationFunction } from "probot";
import type { KubeClients } from "../../tools/kubernetes/client.ts";
import type { WorkQueue } from "../server/work-queue.ts";

export interface SkyfloAppDeps {
  /** Handlers enqueue their work here and return at once; the host drains it on SIGTERM. */
  queue: WorkQueue;
  kube: KubeClients;
}

export function createSkyfloApp(_deps: SkyfloAppDeps): ApplicationFunction {
  return () => {};
}
