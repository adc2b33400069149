// A draft becomes a Plan only through parsePlan, with each step's args checked against its tool:
// a planner bug yields a reply, never an invalid plan.
import {
  DEFAULT_CLUSTER,
  formatPlanError,
  PLAN_API_VERSION,
  type Plan,
  type PlanInput,
  parsePlan,
} from "../../plan/index.ts";
import { planId } from "./plan-ids.ts";
import { plannedArgsSchema } from "./planned-args.ts";
import type { PlanDraft } from "./planning/draft.ts";

export interface PlanOrigin {
  text: string;
  by: string;
  url: string;
  issueNumber: number;
  createdAt: Date;
}

export type Assembled = { ok: true; plan: Plan } | { ok: false; reply: string };

const MAX_ERRORS_SHOWN = 5;

export function assemblePlan(origin: PlanOrigin, draft: PlanDraft): Assembled {
  const value: PlanInput = {
    apiVersion: PLAN_API_VERSION,
    kind: "Plan",
    metadata: {
      id: planId(origin.issueNumber, ...draft.slug),
      request: { text: origin.text, by: origin.by, url: origin.url },
      planner: "rules",
      createdAt: origin.createdAt.toISOString(),
    },
    target: { cluster: DEFAULT_CLUSTER },
    steps: draft.steps,
    verify: draft.verify,
  };
  const parsed = parsePlan(value, { toolArgs: plannedArgsSchema });
  if (parsed.ok) return { ok: true, plan: parsed.plan };
  const errors = parsed.errors.slice(0, MAX_ERRORS_SHOWN).map((e) => `- ${formatPlanError(e)}`);
  return {
    ok: false,
    reply: [
      "The rules planner built a plan that does not pass validation, so nothing was opened. This is a bug in Skyflo; please report it with the request. The problems:",
      ...errors,
    ].join("\n"),
  };
}
