import { readWorkload } from "../cluster-reads.ts";
import type { ParsedRequest } from "../grammar/parsed-request.ts";
import { dnsId } from "../plan-ids.ts";
import { objectAbsent } from "../verify-intents.ts";
import { buildStep, type DraftContext, type Drafted } from "./draft.ts";

type DeleteRequest = Extract<ParsedRequest, { action: "delete" }>;

export async function planDelete(request: DeleteRequest, { tools }: DraftContext): Promise<Drafted> {
  const { target, namespace } = request;
  const live = await readWorkload(tools, target, namespace);
  if (!live.ok) return live;
  const ref = { namespace, kind: target.kind, name: target.name };
  // Background propagation, as kubectl does: the workload's pods (and ReplicaSets) go with it.
  const step = buildStep(
    dnsId("delete", target.name),
    "k8s_delete",
    { ...ref, propagationPolicy: "Background" },
    `Delete ${target.kind} ${target.name} in namespace ${namespace} as requested; the pods it owns are deleted with it.`,
  );
  if (!step.ok) return step;
  return {
    ok: true,
    draft: {
      slug: ["delete", target.name],
      steps: [step.step],
      verify: [objectAbsent(dnsId(target.name, "absent"), ref)],
    },
  };
}
