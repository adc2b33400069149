// The comment left on a plan PR whose run failed: what `/skyflo rollback` would plan, step by
// step, what it cannot undo, and the plan file itself.
import type { RollbackProposal } from "../persist/rollback-plan.ts";
import { writePlan } from "../plan/index.ts";
import { codeBlock, truncate } from "./markdown-text.ts";
import { trustedMarkdown } from "./replies.ts";
import { renderTemplate } from "./templates.ts";

const MAX_PLAN_CHARS = 30_000;

export function renderRollbackProposal(proposal: RollbackProposal): string {
  const steps = proposal.plan?.steps.map((step) => trustedMarkdown(`\`${step.tool}\`: ${step.reason}`)) ?? [];
  return renderTemplate("rollback-proposal", {
    steps,
    notes: proposal.notes.map((note) => trustedMarkdown(note)),
    planYaml: proposal.plan
      ? codeBlock(truncate(writePlan(proposal.plan), MAX_PLAN_CHARS), "yaml")
      : undefined,
  });
}
