// k8s_rollout_complete {namespace, kind, name}: the rollout finished as `kubectl rollout status`
// decides it (tools/kubernetes/workload-status.ts). A progress deadline exceeded fails at once:
// the rollout cannot finish without a change, so waiting longer only hides the failure.
import { z } from "zod";
import { rolloutState } from "../../../tools/kubernetes/workload-status.ts";
import { rolloutKinds, type Workload, type WorkloadKind } from "../../../tools/kubernetes/workloads.ts";
import { ToolError } from "../../../tools/shared/tool-error.ts";
import type { IntentKind } from "../types.ts";
import { VerifyError } from "../types.ts";
import { describeArgs, type ObjectArgs, objectArgs, resolveObjectTarget } from "./object-target.ts";

function isRolloutKind(kind: string): kind is WorkloadKind {
  return (rolloutKinds as string[]).includes(kind);
}

function rolledOutSentence(object: string): string {
  return `${object} rolled out (kubectl rollout status succeeds)`;
}

export const rolloutComplete: IntentKind<ObjectArgs> = {
  check: "k8s_rollout_complete",
  args: z.strictObject({ ...objectArgs, namespace: objectArgs.namespace.unwrap() }),
  expected: (args) => rolledOutSentence(describeArgs(args)),
  async prepare(args, kube, signal) {
    const target = await resolveObjectTarget(args, kube, signal);
    const kind = target.resource.kind;
    if (target.resource.group !== "apps" || !isRolloutKind(kind)) {
      throw new VerifyError(
        `Rollout status is only available for Deployments, StatefulSets and DaemonSets, not ${kind}; use k8s_field_equals or k8s_pods_ready instead.`,
      );
    }
    const ref = { namespace: args.namespace ?? "", kind, name: args.name };
    return {
      query: target.query,
      expected: rolledOutSentence(target.description),
      evaluate(objects) {
        const workload = objects[0] as Workload | undefined;
        if (!workload) return { status: "waiting", observed: `${target.description} does not exist` };
        try {
          const state = rolloutState(ref, workload);
          if (state.done) return { status: "passed", observed: state.message };
          if (!state.failed) return { status: "waiting", observed: state.message };
          const progressing = workload.status?.conditions?.find((c) => c.type === "Progressing");
          const detail = progressing?.message ? ` (${progressing.message})` : "";
          return { status: "failed", observed: `${state.message}${detail}` };
        } catch (error) {
          // An OnDelete strategy: kubectl cannot follow it either.
          if (error instanceof ToolError) return { status: "failed", observed: error.message };
          throw error;
        }
      },
    };
  },
};
