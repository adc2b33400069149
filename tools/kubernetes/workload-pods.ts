// The pods a workload selects, from its spec.selector, as `kubectl describe` and `kubectl logs
// deploy/web` find them.
import type { ToolContext } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import { resolveKind } from "./kinds.ts";
import { type KubeObject, listObjects } from "./object-rest.ts";

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** A spec.selector as a label selector string; undefined when it selects nothing. */
export function selectorString(selector: LabelSelector | undefined): string | undefined {
  if (!selector) return undefined;
  const terms = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const expression of selector.matchExpressions ?? []) {
    const values = (expression.values ?? []).join(",");
    switch (expression.operator) {
      case "In":
        terms.push(`${expression.key} in (${values})`);
        break;
      case "NotIn":
        terms.push(`${expression.key} notin (${values})`);
        break;
      case "Exists":
        terms.push(expression.key);
        break;
      case "DoesNotExist":
        terms.push(`!${expression.key}`);
        break;
    }
  }
  return terms.length > 0 ? terms.join(",") : undefined;
}

/** Pods selected by a Deployment/StatefulSet/DaemonSet/ReplicaSet, sorted by name. */
export async function podsOf(
  context: ToolContext,
  workload: KubeObject,
  namespace: string,
): Promise<KubeObject[]> {
  const spec = (workload.spec ?? {}) as { selector?: LabelSelector };
  const labelSelector = selectorString(spec.selector);
  if (!labelSelector) {
    throw new ToolError(
      `${workload.kind} "${workload.metadata?.name}" has no spec.selector, so it selects no pods.`,
    );
  }
  const pods = await resolveKind(context.kube, "Pod", "v1", context.signal);
  const list = await listObjects(context.kube, pods, { namespace, labelSelector }, context.signal);
  return list.items.sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
}
