import { readWorkload } from "../cluster-reads.ts";
import type { ParsedRequest } from "../grammar/parsed-request.ts";
import { dnsId } from "../plan-ids.ts";
import { fieldEquals, rolloutComplete } from "../verify-intents.ts";
import { buildStep, type DraftContext, type Drafted, nothingToChange, refuse } from "./draft.ts";

type ScaleRequest = Extract<ParsedRequest, { action: "scale" }>;

export async function planScale(request: ScaleRequest, { tools }: DraftContext): Promise<Drafted> {
  const { target, namespace, replicas } = request;
  if (target.kind === "DaemonSet") {
    return refuse(
      `DaemonSet "${target.name}" cannot be scaled: a DaemonSet runs one pod on every eligible node. To change where it runs, change its nodeSelector, affinity or tolerations.`,
    );
  }
  const live = await readWorkload(tools, target, namespace);
  if (!live.ok) return live;
  const current = live.value.replicas ?? 1;
  if (current === replicas) {
    return nothingToChange(
      `${target.kind} "${target.name}" in namespace "${namespace}" already has ${replicas} replicas.`,
    );
  }
  const ref = { namespace, kind: target.kind, name: target.name };
  const step = buildStep(
    dnsId("scale", target.name),
    "k8s_scale",
    { ...ref, replicas },
    `Scale ${target.name} from ${current} to ${replicas} replicas as requested.`,
  );
  if (!step.ok) return step;
  return {
    ok: true,
    draft: {
      slug: ["scale", target.name],
      steps: [step.step],
      verify: [
        rolloutComplete(dnsId(target.name, "rolled-out"), ref),
        fieldEquals(dnsId(target.name, "replicas"), ref, "spec.replicas", replicas),
      ],
    },
  };
}
