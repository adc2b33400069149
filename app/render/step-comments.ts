// One review comment per mutating step, anchored on that step's lines in the plan file.
import type { LineComment } from "../forge/types.ts";
import { MAX_REASON_TEXT } from "../plan/index.ts";
import { truncateDiff } from "./diff-text.ts";
import { codeBlock, codeSpan, paragraphText, tableCell, truncate } from "./markdown-text.ts";
import { MAX_BODY_CHARS } from "./plan-body.ts";
import { stepTarget } from "./step-description.ts";
import { stepLineRanges } from "./step-lines.ts";
import { previewOutcome, type StepFacts, stepDiff, stepFacts } from "./step-view.ts";
import { renderTemplate } from "./templates.ts";
import type { PlanView } from "./types.ts";

/** Room for everything in a comment but the diff (heading, reason, fence, note). */
const COMMENT_FRAME_CHARS = 8_000;
const MAX_ERROR_CHARS = 2_000;

const truncationNote = (omitted: number) =>
  `… ${omitted} more line${omitted === 1 ? "" : "s"} over GitHub's comment limit; run k8s_diff with this step's arguments to see them all`;

function commentBody(facts: StepFacts): string {
  const outcome = previewOutcome(facts);
  const diff = stepDiff(facts.preview);
  return renderTemplate("step-comment", {
    number: facts.number,
    stepId: codeSpan(facts.step.id),
    tool: codeSpan(facts.step.tool),
    target: tableCell(stepTarget(facts.step, facts.preview), 300),
    reason: paragraphText(truncate(facts.step.reason, MAX_REASON_TEXT)),
    outcome: outcome === undefined ? undefined : paragraphText(truncate(outcome, MAX_ERROR_CHARS)),
    diff:
      outcome === undefined && diff !== ""
        ? codeBlock(truncateDiff(diff, MAX_BODY_CHARS - COMMENT_FRAME_CHARS, truncationNote), "diff")
        : undefined,
  });
}

/**
 * A LineComment per mutating step (or step without a preview), on the plan file's lines of that
 * step, holding its reason and dry-run diff. Each body stays within GitHub's comment limit.
 */
export function renderStepComments(view: PlanView): LineComment[] {
  const ranges = stepLineRanges(view.planYaml);
  if (ranges.length !== view.plan.steps.length) {
    throw new Error(
      `the plan file has ${ranges.length} steps but the plan has ${view.plan.steps.length}: render comments from the file that was committed`,
    );
  }
  return stepFacts(view)
    .filter((facts) => facts.mutating)
    .map((facts) => {
      const range = ranges[facts.number - 1] ?? { start: 1, end: 1 };
      const comment: LineComment = { path: view.planPath, line: range.end, body: commentBody(facts) };
      if (range.start < range.end) comment.startLine = range.start;
      return comment;
    });
}
