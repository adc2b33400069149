// What each command's planning produces before it becomes a Plan: the slug words, the steps and
// the verification intents; or the reply to give instead.
import type { PlanStep, PlanVerify } from "../../../plan/index.ts";
import type { ToolCaller } from "../../../tool-caller.ts";
import { plannedArgs } from "../planned-args.ts";

export interface PlanDraft {
  /** Words for the plan id's slug, e.g. ["scale", "web"]. */
  slug: string[];
  steps: PlanStep[];
  verify: PlanVerify[];
}

export type Drafted = { ok: true; draft: PlanDraft } | { ok: false; reply: string };

/** What planning may use besides the parsed request. */
export interface DraftContext {
  tools: ToolCaller;
  readRepoFile(path: string): Promise<string | undefined>;
}

export function refuse(reply: string): Drafted {
  return { ok: false, reply };
}

export function nothingToChange(detail: string): Drafted {
  return refuse(`Nothing would change: ${detail} No plan was opened.`);
}

export type BuiltStep = { ok: true; step: PlanStep } | { ok: false; reply: string };

/** A step whose args are the tool's parsed input (every default written out). */
export function buildStep(
  id: string,
  tool: string,
  args: Record<string, unknown>,
  reason: string,
): BuiltStep {
  const planned = plannedArgs(tool, args);
  if (!planned.ok) return { ok: false, reply: `The request cannot be planned: ${planned.problem}.` };
  return { ok: true, step: { id, tool, args: planned.args, reason } };
}
