// Everything a plan pull request shows, derived from the plan: the dry-run previews, the plan
// file as written, its digest, and who must approve it (CODEOWNERS of the base branch).

import type { Policy } from "../../tools/policy.ts";
import { isMutating } from "../../tools/registry.ts";
import { findCodeowners, ownersOf, parseCodeowners } from "../gate/codeowners.ts";
import { type Plan, planDigest, writePlan } from "../plan/index.ts";
import { previewPlan } from "../preview/preview-plan.ts";
import type { PlanView } from "../render/index.ts";
import { inProcessToolCaller } from "../tool-caller.ts";
import type { EngineDeps } from "./engine-deps.ts";
import type { RepoContext } from "./repo-context.ts";
import { requiredApprovals } from "./required-approvals.ts";

export function planPathOf(context: RepoContext, planId: string): string {
  return `${context.config.planDirectory}/${planId}.yaml`;
}

export async function buildPlanView(
  plan: Plan,
  deps: EngineDeps,
  where: { context: RepoContext; writePolicy: Policy; issue: { number: number; url: string } },
): Promise<PlanView> {
  const previews = await previewPlan(
    plan,
    inProcessToolCaller({
      registry: deps.registry,
      context: { ...deps.backends, kube: deps.kube, policy: where.writePolicy },
      mutating: "dry-run",
    }),
    (name) => {
      const tool = deps.registry.get(name);
      return tool ? isMutating(tool) : true;
    },
  );
  const planPath = planPathOf(where.context, plan.metadata.id);
  const codeowners = await findCodeowners(where.context.readAtBase);
  const match = codeowners ? ownersOf(planPath, parseCodeowners(codeowners.text).rules) : undefined;
  return {
    plan,
    digest: planDigest(plan),
    planPath,
    planYaml: writePlan(plan),
    previews,
    approval: {
      owners: match?.owners ?? [],
      required: requiredApprovals(where.context.config, planPath),
      unowned: !match || match.owners.length === 0,
      codeownersPath: codeowners?.path,
    },
    issue: where.issue,
  };
}
