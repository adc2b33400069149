// k8s_pods_ready {namespace, labelSelector, count?}: at least `count` (default 1, so that "no pods"
// never passes by accident) pods match the selector and every one of them is Ready. Pods already
// being deleted are left out: they are on their way out, not part of the outcome.
import { z } from "zod";
import type { KubeObject } from "../../../tools/kubernetes/object-rest.ts";
import { labelSelector, namespaceName } from "../../../tools/shared/validation.ts";
import type { IntentKind, Observation } from "../types.ts";

const PodsReadyArgsSchema = z.strictObject({
  namespace: namespaceName,
  labelSelector,
  count: z.int().min(0).max(100_000).optional(),
});
type PodsReadyArgs = z.output<typeof PodsReadyArgsSchema>;

interface Pod extends KubeObject {
  status?: {
    phase?: string;
    conditions?: Array<{ type?: string; status?: string }>;
    containerStatuses?: Array<{ ready?: boolean; state?: { waiting?: { reason?: string } } }>;
  };
}

const namedPods = 3;

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") === true;
}

/** Why a pod is not ready, in kubectl's words: a container's waiting reason, else the phase. */
function notReadyReason(pod: Pod): string {
  const waiting = pod.status?.containerStatuses?.find((c) => !c.ready && c.state?.waiting?.reason);
  return waiting?.state?.waiting?.reason ?? pod.status?.phase ?? "Pending";
}

function judge(pods: Pod[], args: PodsReadyArgs): Observation {
  const wanted = args.count ?? 1;
  const live = pods.filter((pod) => !pod.metadata?.deletionTimestamp);
  const notReady = live.filter((pod) => !isReady(pod));
  const ready = live.length - notReady.length;
  let observed = `${ready} of ${live.length} matching pod${live.length === 1 ? "" : "s"} ready`;
  if (notReady.length > 0) {
    const names = notReady
      .slice(0, namedPods)
      .map((pod) => `${pod.metadata?.name} (${notReadyReason(pod)})`)
      .join(", ");
    const more = notReady.length > namedPods ? ` and ${notReady.length - namedPods} more` : "";
    observed += `; not ready: ${names}${more}`;
  }
  const passed = notReady.length === 0 && live.length >= wanted;
  return { status: passed ? "passed" : "waiting", observed };
}

export const podsReady: IntentKind<PodsReadyArgs> = {
  check: "k8s_pods_ready",
  args: PodsReadyArgsSchema,
  expected: (args) =>
    `at least ${args.count ?? 1} pod${(args.count ?? 1) === 1 ? "" : "s"} matching "${args.labelSelector}" in namespace "${args.namespace}", all Ready`,
  async prepare(args) {
    return {
      query: {
        path: `/api/v1/namespaces/${args.namespace}/pods`,
        labelSelector: args.labelSelector,
        description: `pods matching "${args.labelSelector}" in namespace "${args.namespace}"`,
      },
      evaluate: (objects) => judge(objects as Pod[], args),
    };
  },
};
