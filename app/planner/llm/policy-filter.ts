// The engine, not the model, decides what a plan may do: every step is checked against the
// effective policy (tools and namespaces the server and repository allow, mutating tools only if
// allowed) and dropped with the reason when refused; checks of what a dropped step would have
// changed, or in a namespace the policy refuses, go with it. What was dropped is reported.
import type { Policy } from "../../../tools/policy.ts";
import type { ToolRegistry } from "../../../tools/registry.ts";
import { refusedSteps } from "../../pipeline/step-policy.ts";
import type { Plan, PlanStep } from "../../plan/index.ts";

export interface DroppedEntry {
  list: "steps" | "verify";
  id: string;
  /** The step's tool or the check's name. */
  name: string;
  reason: string;
}

export interface FilteredPlan {
  /** Undefined when no step is left. */
  plan: Plan | undefined;
  dropped: DroppedEntry[];
}

function objectKey(args: Record<string, unknown>): string | undefined {
  return typeof args.name === "string" ? `${String(args.namespace ?? "")}/${args.name}` : undefined;
}

export function filterPlanByPolicy(plan: Plan, registry: ToolRegistry, policy: Policy): FilteredPlan {
  const refusals = new Map<string, string[]>();
  for (const refusal of refusedSteps(plan, registry, policy)) {
    refusals.set(refusal.stepId, [...(refusals.get(refusal.stepId) ?? []), refusal.reason]);
  }
  const dropped: DroppedEntry[] = [];
  const kept: PlanStep[] = [];
  const droppedTargets = new Map<string, string>();
  for (const step of plan.steps) {
    const reasons = refusals.get(step.id);
    if (reasons === undefined) {
      kept.push(step);
      continue;
    }
    dropped.push({ list: "steps", id: step.id, name: step.tool, reason: [...new Set(reasons)].join(" ") });
    const key = objectKey(step.args);
    if (key !== undefined) droppedTargets.set(key, step.id);
  }
  for (const step of kept) {
    const key = objectKey(step.args);
    if (key !== undefined) droppedTargets.delete(key);
  }
  const verify = plan.verify.filter((check) => {
    const namespace = typeof check.args.namespace === "string" ? check.args.namespace : undefined;
    if (namespace !== undefined) {
      const verdict = policy.namespaceVerdict({ namespace });
      if (!verdict.allowed) {
        dropped.push({ list: "verify", id: check.id, name: check.check, reason: verdict.reason });
        return false;
      }
    }
    const key = objectKey(check.args);
    const stepId = key === undefined ? undefined : droppedTargets.get(key);
    if (stepId !== undefined) {
      dropped.push({
        list: "verify",
        id: check.id,
        name: check.check,
        reason: `It checks the result of step ${stepId}, which was dropped.`,
      });
      return false;
    }
    return true;
  });
  if (kept.length === 0) return { plan: undefined, dropped };
  if (dropped.length === 0) return { plan, dropped };
  return { plan: { ...plan, steps: kept, verify }, dropped };
}

/** One line per dropped entry, for replies and the PR body. */
export function describeDropped(entry: DroppedEntry): string {
  const what =
    entry.list === "steps" ? `step ${entry.id} (${entry.name})` : `check ${entry.id} (${entry.name})`;
  return `${what}: ${entry.reason}`;
}
