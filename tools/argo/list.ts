// argo_list: the Rollouts of a namespace (or all namespaces), one row each, as
// `kubectl argo rollouts list rollouts` prints them; bounded by `limit`.
import { z } from "zod";
import { kubeError } from "../kubernetes/errors.ts";
import { listObjects } from "../kubernetes/object-rest.ts";
import { defineTool } from "../registry.ts";
import { labelSelector, namespaceName } from "../shared/validation.ts";
import { rolloutState } from "./rollout-state.ts";
import { type Rollout, rolloutResource } from "./rollouts.ts";

const defaultLimit = 100;
const maxLimit = 500;

const row = z.object({
  name: z.string(),
  namespace: z.string(),
  strategy: z.string(),
  phase: z.string(),
  message: z.string(),
  step: z.string().describe("`index/count` of the canary steps, or `-`"),
  desired: z.number().int(),
  current: z.number().int(),
  updated: z.number().int(),
  ready: z.number().int(),
  available: z.number().int(),
});

export const argoListTool = defineTool({
  name: "argo_list",
  title: "List Argo Rollouts",
  description:
    "Lists Argo Rollouts in a namespace, or in every namespace when namespace is omitted, like " +
    "`kubectl argo rollouts list rollouts`: per Rollout its strategy, phase and message, canary step " +
    `(index/count) and desired/current/updated/ready/available replicas. At most limit rows (default ${defaultLimit}, ` +
    `max ${maxLimit}); truncated: true when there are more (narrow with labelSelector). Use argo_status for one ` +
    "Rollout in detail. Read-only.",
  family: "argo",
  input: z.object({
    namespace: namespaceName.optional().describe("Namespace to list; omit for all namespaces"),
    labelSelector: labelSelector.optional(),
    limit: z
      .number()
      .int()
      .min(1)
      .max(maxLimit)
      .default(defaultLimit)
      .describe(`Most rows (max ${maxLimit})`),
  }),
  output: z.object({ rollouts: z.array(row), truncated: z.boolean() }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  targets: (args) => [{ namespace: args.namespace }],
  async handler(args, { kube, signal }) {
    const resource = await rolloutResource(kube, signal);
    let list: Awaited<ReturnType<typeof listObjects>>;
    try {
      list = await listObjects(
        kube,
        resource,
        { namespace: args.namespace, labelSelector: args.labelSelector, limit: args.limit },
        signal,
      );
    } catch (error) {
      throw kubeError(error, { action: "list", kind: "Rollout", namespace: args.namespace });
    }
    const rollouts = list.items.map((item) => {
      const state = rolloutState(item as Rollout);
      return {
        name: state.name,
        namespace: state.namespace,
        strategy: state.strategy,
        phase: state.phase,
        message: state.message,
        step: state.step ? `${state.step.index}/${state.step.count}` : "-",
        ...state.replicas,
      };
    });
    const truncated = Boolean(list.metadata?.continue) || (list.metadata?.remainingItemCount ?? 0) > 0;
    const where = args.namespace ? `namespace "${args.namespace}"` : "all namespaces";
    const more = truncated ? ` (first ${rollouts.length}; there are more)` : "";
    const counts = new Map<string, number>();
    for (const r of rollouts) counts.set(r.phase, (counts.get(r.phase) ?? 0) + 1);
    const phases = [...counts].map(([phase, n]) => `${n} ${phase}`).join(", ");
    return {
      summary: `${rollouts.length} Rollout(s) in ${where}${more}${phases ? `: ${phases}` : ""}.`,
      data: { rollouts, truncated },
    };
  },
});
