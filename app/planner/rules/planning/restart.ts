import { readWorkload } from "../cluster-reads.ts";
import type { ParsedRequest } from "../grammar/parsed-request.ts";
import { dnsId } from "../plan-ids.ts";
import { rolloutComplete } from "../verify-intents.ts";
import { buildStep, type DraftContext, type Drafted, refuse } from "./draft.ts";

type RestartRequest = Extract<ParsedRequest, { action: "restart" }>;

export async function planRestart(request: RestartRequest, { tools }: DraftContext): Promise<Drafted> {
  const { target, namespace } = request;
  const live = await readWorkload(tools, target, namespace);
  if (!live.ok) return live;
  if (live.value.paused) {
    return refuse(
      `Deployment "${target.name}" in namespace "${namespace}" is paused, so a restart would not roll out. Resume it first (kubectl rollout resume), then ask again.`,
    );
  }
  const ref = { namespace, kind: target.kind, name: target.name };
  const step = buildStep(
    dnsId("restart", target.name),
    "k8s_rollout_restart",
    ref,
    `Restart every pod of ${target.name} with a rolling update (as kubectl rollout restart does) as requested.`,
  );
  if (!step.ok) return step;
  return {
    ok: true,
    draft: {
      slug: ["restart", target.name],
      steps: [step.step],
      verify: [rolloutComplete(dnsId(target.name, "rolled-out"), ref)],
    },
  };
}
