// A request → a plan every step of which the effective policy allows, or a reply saying why not.

import type { Policy } from "../../tools/policy.ts";
import { effectivePolicy } from "../config/repo-config.ts";
import type { Forge, RepoRef } from "../forge/types.ts";
import type { Plan } from "../plan/index.ts";
import { type DroppedEntry, planRequest } from "../planner/llm/index.ts";
import type { PlanRequest } from "../planner/rules/index.ts";
import { inProcessToolCaller } from "../tool-caller.ts";
import type { EngineDeps } from "./engine-deps.ts";
import type { RepoContext } from "./repo-context.ts";
import { refusedSteps } from "./step-policy.ts";

export type MakePlanResult =
  | {
      ok: true;
      plan: Plan;
      writePolicy: Policy;
      /** Steps and checks the LLM proposed that policy refused (the plan says so in its labels). */
      dropped: DroppedEntry[];
    }
  | { ok: false; reason: string };

export async function makePlan(
  request: PlanRequest,
  deps: EngineDeps,
  where: { forge: Forge; repo: RepoRef; context: RepoContext },
): Promise<MakePlanResult> {
  const { config, base } = where.context;
  const readPolicy = effectivePolicy(deps.serverPolicy, config);
  const writePolicy = effectivePolicy(deps.serverPolicy.withWrite(true), config);
  const planned = await planRequest(
    request,
    {
      tools: inProcessToolCaller({
        registry: deps.registry,
        context: { ...deps.backends, kube: deps.kube, policy: readPolicy },
        mutating: "none",
      }),
      readRepoFile: (path) => where.forge.readFile(where.repo, path, base.sha),
      now: deps.now,
      registry: deps.registry,
      readPolicy,
      planPolicy: writePolicy,
    },
    deps.llm,
  );
  if (!planned.ok) return { ok: false, reason: planned.reply };
  const refusals = refusedSteps(planned.plan, deps.registry, writePolicy);
  if (refusals.length > 0) {
    return { ok: false, reason: refusals.map((r) => `Step ${r.stepId}: ${r.reason}`).join("\n") };
  }
  return { ok: true, plan: planned.plan, writePolicy, dropped: planned.dropped };
}
