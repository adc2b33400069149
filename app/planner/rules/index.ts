// The embedded rules planner: a request in the words people type → a Plan, reading the cluster
// with read-only tools only. Deterministic: no model, no guessing; what it cannot read gets a
// reply that says what it understood, why it cannot plan it, and what it can do.
import type { Plan } from "../../plan/index.ts";
import type { ToolCaller } from "../../tool-caller.ts";
import { assemblePlan } from "./assemble-plan.ts";
import { describeRequest } from "./grammar/describe-request.ts";
import { parseRequest } from "./grammar/parse-request.ts";
import type { GrammarFailure, ParsedRequest } from "./grammar/parsed-request.ts";
import { rulesHelp } from "./help.ts";
import { planApply } from "./planning/apply.ts";
import { planArgo } from "./planning/argo-plan.ts";
import { planDelete } from "./planning/delete.ts";
import type { DraftContext, Drafted } from "./planning/draft.ts";
import { planHelmRollback } from "./planning/helm-rollback.ts";
import { planHelmUninstall } from "./planning/helm-uninstall.ts";
import { planHelmUpgrade } from "./planning/helm-upgrade.ts";
import { planJenkinsBuild } from "./planning/jenkins-build.ts";
import { planRestart } from "./planning/restart.ts";
import { planRollback } from "./planning/rollback.ts";
import { planScale } from "./planning/scale.ts";
import { planSetImage } from "./planning/set-image.ts";
import { tokenize } from "./tokenize.ts";

export { parseRequest } from "./grammar/parse-request.ts";
export type { ParsedRequest } from "./grammar/parsed-request.ts";
export { rulesHelp, SUPPORTED_PHRASINGS } from "./help.ts";
export { plannedArgsSchema } from "./planned-args.ts";
export { tokenize } from "./tokenize.ts";
export { containerImagePath } from "./verify-intents.ts";

export interface PlanRequest {
  text: string;
  by: string;
  url: string;
  issueNumber: number;
  title?: string;
}

export interface PlannerContext {
  /** Read-only (inProcessToolCaller with mutating: "none"). */
  tools: ToolCaller;
  /** A file on the repository's default branch, or undefined when it does not exist. */
  readRepoFile(path: string): Promise<string | undefined>;
  now(): Date;
}

export type PlanOutcome = { ok: true; plan: Plan } | { ok: false; reply: string };

/** The reply for a request the grammar could not read. */
export function cannotReadReply(failure: GrammarFailure): string {
  const why =
    failure.understood === undefined
      ? `I cannot plan this request: ${failure.problem}.`
      : `I read this as ${failure.understood}, but cannot plan it: ${failure.problem}.`;
  return `${why}\n\n${rulesHelp()}`;
}

function draft(request: ParsedRequest, context: DraftContext): Promise<Drafted> {
  switch (request.action) {
    case "scale":
      return planScale(request, context);
    case "restart":
      return planRestart(request, context);
    case "set-image":
      return planSetImage(request, context);
    case "rollback":
      return planRollback(request, context);
    case "apply":
      return planApply(request, context);
    case "delete":
      return planDelete(request, context);
    case "argo":
      return planArgo(request, context);
    case "helm-upgrade":
      return planHelmUpgrade(request, context);
    case "helm-rollback":
      return planHelmRollback(request, context);
    case "helm-uninstall":
      return planHelmUninstall(request, context);
    case "jenkins-build":
      return planJenkinsBuild(request, context);
  }
}

export async function planWithRules(request: PlanRequest, context: PlannerContext): Promise<PlanOutcome> {
  const tokens = tokenize(request.text);
  if (!tokens.ok)
    return { ok: false, reply: cannotReadReply({ understood: undefined, problem: tokens.problem }) };
  const parsed = parseRequest(tokens.tokens);
  if (!parsed.ok) return { ok: false, reply: cannotReadReply(parsed.failure) };
  let drafted: Drafted;
  try {
    drafted = await draft(parsed.value, {
      tools: context.tools,
      readRepoFile: (path) => context.readRepoFile(path),
    });
  } catch (error) {
    // A tool caller that throws (a transport failure) instead of returning an error result.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reply: `Could not read the cluster to plan this request: ${message}` };
  }
  if (!drafted.ok)
    return { ok: false, reply: `I read this as ${describeRequest(parsed.value)}. ${drafted.reply}` };
  return assemblePlan(
    {
      text: request.text,
      by: request.by,
      url: request.url,
      issueNumber: request.issueNumber,
      createdAt: context.now(),
    },
    drafted.draft,
  );
}
