// The verification intents the rules planner declares for Argo Rollouts (app/verify/intents/argo-*):
// argo_rollout_healthy / argo_rollout_promoted {namespace, name}, argo_rollout_paused {…, step},
// and k8s_field_equals on the Rollout for what an abort or a pause sets.
import type { JsonValue, PlanVerify } from "../../../plan/index.ts";
import { DEFAULT_VERIFY_TIMEOUT_SECONDS } from "../../../plan/index.ts";
import { dnsId } from "../plan-ids.ts";

export interface RolloutRef {
  namespace: string;
  name: string;
}

function entry(id: string, check: string, args: Record<string, JsonValue>): PlanVerify {
  return { id, check, args, timeoutSeconds: DEFAULT_VERIFY_TIMEOUT_SECONDS };
}

export function rolloutHealthy(ref: RolloutRef): PlanVerify {
  return entry(dnsId(ref.name, "healthy"), "argo_rollout_healthy", {
    namespace: ref.namespace,
    name: ref.name,
  });
}

export function rolloutPromoted(ref: RolloutRef): PlanVerify {
  return entry(dnsId(ref.name, "promoted"), "argo_rollout_promoted", {
    namespace: ref.namespace,
    name: ref.name,
  });
}

export function rolloutPausedAt(ref: RolloutRef, step: number): PlanVerify {
  return entry(dnsId(ref.name, "paused-at-step", String(step)), "argo_rollout_paused", {
    namespace: ref.namespace,
    name: ref.name,
    step,
  });
}

export function rolloutFieldEquals(
  ref: RolloutRef,
  idWords: string,
  path: string,
  equals: JsonValue,
): PlanVerify {
  return entry(dnsId(ref.name, idWords), "k8s_field_equals", {
    namespace: ref.namespace,
    kind: "Rollout",
    apiVersion: "argoproj.io/v1alpha1",
    name: ref.name,
    path,
    equals,
  });
}

/**
 * Where a Rollout moving on from step `from` stops next: at the first pause without a duration
 * (it waits there for a promote), or — when none is left — fully promoted and healthy.
 */
export function whereItStops(ref: RolloutRef, steps: string[], from: number): PlanVerify[] {
  const index = steps.findIndex((step, i) => i >= from && step === "pause");
  return index >= 0 ? [rolloutPausedAt(ref, index)] : [rolloutPromoted(ref), rolloutHealthy(ref)];
}
