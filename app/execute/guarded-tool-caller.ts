// The executor's last line of defence: a ToolCaller that only lets through calls that are steps of
// the approved plan, with exactly those arguments. Each step may run for real once (a plan that
// lists the same call twice may make it twice); its dry run (the same arguments plus dryRun: true)
// may run any number of times, for the drift check. Everything else is refused without reaching
// the tools.
import type { Plan } from "../plan/index.ts";
import type { ToolCaller } from "../tool-caller.ts";
import { callKey } from "./call-key.ts";

export function guardedToolCaller(plan: Plan, tools: ToolCaller): ToolCaller {
  const remainingRealCalls = new Map<string, number>();
  const dryRuns = new Set<string>();
  for (const step of plan.steps) {
    const key = callKey(step.tool, step.args);
    remainingRealCalls.set(key, (remainingRealCalls.get(key) ?? 0) + 1);
    dryRuns.add(callKey(step.tool, { ...step.args, dryRun: true }));
  }
  const planName = plan.metadata.id;

  return {
    async call(tool, args) {
      let key: string;
      try {
        key = callKey(tool, args);
      } catch {
        return {
          ok: false,
          error: `Refused: the arguments of ${tool} are not JSON, so they cannot be a step of plan ${planName}.`,
        };
      }
      if (dryRuns.has(key)) return tools.call(tool, args);
      const remaining = remainingRealCalls.get(key);
      if (remaining === undefined) {
        return {
          ok: false,
          error: `Refused: ${tool} with these arguments is not a step of the approved plan ${planName}. Only the plan's steps, with exactly their arguments, may run.`,
        };
      }
      if (remaining === 0) {
        return {
          ok: false,
          error: `Refused: this step of plan ${planName} (${tool}) has already run; a step never runs twice.`,
        };
      }
      remainingRealCalls.set(key, remaining - 1);
      return tools.call(tool, args);
    },
  };
}
