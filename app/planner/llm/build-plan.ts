// A model's draft becomes a Plan only through parsePlan, with every step's args checked against
// its tool's schema and every check's args against the check's: the same gate as every plan.
// Defaults the model left out are written out first (as the rules planner does), so the plan
// states every value that will run; unknown fields are never dropped silently.
import {
  DEFAULT_CLUSTER,
  formatPlanError,
  PLAN_API_VERSION,
  type Plan,
  type PlanInput,
  parsePlan,
} from "../../plan/index.ts";
import { planId } from "../rules/plan-ids.ts";
import { plannedArgsSchema } from "../rules/planned-args.ts";
import type { PlanDraft } from "./plan-draft.ts";
import { checkArgsSchema } from "./tool-catalog.ts";

export interface PlanOrigin {
  text: string;
  by: string;
  url: string;
  issueNumber: number;
  createdAt: Date;
  planner: string;
}

export type BuiltPlan = { ok: true; plan: Plan } | { ok: false; problem: string };

const MAX_ERRORS_SHOWN = 8;

function withDefaults(tool: string, args: Record<string, unknown>): Record<string, unknown> {
  const schema = plannedArgsSchema(tool);
  if (schema === undefined) return args;
  const parsed = schema.safeParse(args);
  if (!parsed.success) return args;
  const data = parsed.data as Record<string, unknown>;
  // A written key the schema dropped is a typo: keep the args as written so validation names it.
  if (Object.keys(args).some((key) => !Object.hasOwn(data, key))) return args;
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}

export function buildPlan(origin: PlanOrigin, draft: PlanDraft): BuiltPlan {
  const value: PlanInput = {
    apiVersion: PLAN_API_VERSION,
    kind: "Plan",
    metadata: {
      id: planId(origin.issueNumber, draft.slug),
      request: { text: origin.text, by: origin.by, url: origin.url },
      planner: origin.planner,
      createdAt: origin.createdAt.toISOString(),
    },
    target: { cluster: DEFAULT_CLUSTER },
    steps: draft.steps.map((step) => ({
      ...step,
      args: withDefaults(step.tool, step.args),
    })) as PlanInput["steps"],
    verify: draft.verify as PlanInput["verify"],
  };
  const parsed = parsePlan(value, { toolArgs: plannedArgsSchema, checkArgs: checkArgsSchema });
  if (parsed.ok) return { ok: true, plan: parsed.plan };
  const errors = parsed.errors.slice(0, MAX_ERRORS_SHOWN).map((e) => formatPlanError(e));
  const more = parsed.errors.length - errors.length;
  return {
    ok: false,
    problem: `the plan does not pass validation: ${errors.join("; ")}${more > 0 ? `; and ${more} more` : ""}`,
  };
}
