// Every step of a plan must be allowed by the effective policy (server settings narrowed by the
// repository): the tool itself and every namespace it touches. Checked before a plan PR is opened
// (and again, in issue 4, before anything executes).

import type { Policy } from "../../tools/policy.ts";
import type { ToolRegistry } from "../../tools/registry.ts";
import type { Plan } from "../plan/index.ts";

export interface StepRefusal {
  stepId: string;
  reason: string;
}

export function refusedSteps(plan: Plan, registry: ToolRegistry, policy: Policy): StepRefusal[] {
  const refusals: StepRefusal[] = [];
  for (const step of plan.steps) {
    const tool = registry.get(step.tool);
    if (!tool) {
      refusals.push({ stepId: step.id, reason: `Unknown tool "${step.tool}".` });
      continue;
    }
    const toolVerdict = policy.toolVerdict(tool);
    if (!toolVerdict.allowed) {
      refusals.push({ stepId: step.id, reason: toolVerdict.reason });
      continue;
    }
    const args = tool.input.safeParse(step.args);
    if (!args.success) {
      refusals.push({
        stepId: step.id,
        reason: `Invalid arguments for ${step.tool}: ${args.error.issues[0]?.message ?? "invalid"}`,
      });
      continue;
    }
    for (const target of tool.targets(args.data)) {
      const verdict = policy.namespaceVerdict(target);
      if (!verdict.allowed) refusals.push({ stepId: step.id, reason: verdict.reason });
    }
  }
  return refusals;
}
