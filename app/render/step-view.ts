// Per-step facts shared by the PR body and the review comments.
import type { PlanStep } from "../plan/index.ts";
import { changedLineCounts } from "./diff-text.ts";
import type { PlanView, StepPreview } from "./types.ts";

export interface StepFacts {
  step: PlanStep;
  number: number;
  preview: StepPreview | undefined;
  /**
   * Shown with a diff and a review comment: the preview says it mutates, or there is no preview
   * (fail closed: a step nobody previewed is treated as a change).
   */
  mutating: boolean;
}

export function stepFacts(view: PlanView): StepFacts[] {
  const previews = new Map(view.previews.map((p) => [p.stepId, p]));
  return view.plan.steps.map((step, index) => {
    const preview = previews.get(step.id);
    return { step, number: index + 1, preview, mutating: preview?.mutating ?? true };
  });
}

/** All changed objects' diffs of a step, one after the other. */
export function stepDiff(preview: StepPreview | undefined): string {
  if (preview === undefined) return "";
  return preview.objects
    .filter((o) => o.changed && o.diff.trim() !== "")
    .map((o) => o.diff.replace(/\n+$/, ""))
    .join("\n");
}

/** "Deployment/shop/web: 1 line added, 1 removed" per changed object. */
export function objectSummaries(preview: StepPreview | undefined): string[] {
  if (preview === undefined) return [];
  return preview.objects
    .filter((o) => o.changed)
    .map((o) => {
      const { added, removed } = changedLineCounts(o.diff);
      return `${o.key}: ${added} line${added === 1 ? "" : "s"} added, ${removed} removed`;
    });
}

/** What the dry run said when there is no diff to show. */
export function previewOutcome(facts: StepFacts): string | undefined {
  const { preview } = facts;
  if (preview === undefined) return "No dry-run preview was made for this step.";
  if (preview.error !== undefined) return `The dry run failed: ${preview.error}`;
  if (!preview.changed) return "The dry run shows no change.";
  return undefined;
}
