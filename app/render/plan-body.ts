// The plan pull request's body, kept within GitHub's limit whatever the diffs weigh.
import { posix } from "node:path";
import { bodyMetadataComment } from "./body-metadata.ts";
import { truncateDiff } from "./diff-text.ts";
import {
  codeBlock,
  codeSpan,
  htmlText,
  inlineText,
  markdownLink,
  paragraphText,
  quoteBlock,
  tableCell,
  truncate,
} from "./markdown-text.ts";
import { planFlowchart } from "./mermaid-flowchart.ts";
import { mention, nameList } from "./people.ts";
import { stepChange, stepTarget, verifyExpectation, verifyTarget } from "./step-description.ts";
import { objectSummaries, previewOutcome, type StepFacts, stepDiff, stepFacts } from "./step-view.ts";
import { renderTemplate } from "./templates.ts";
import type { PlanView } from "./types.ts";

/** GitHub refuses pull request bodies and comments longer than this. */
export const MAX_BODY_CHARS = 65_536;
/** Below this many characters per diff, a truncated diff says too little: summarise instead. */
const MIN_DIFF_CHARS = 600;
const MAX_REASON_CHARS = 500;
const MAX_ERROR_CHARS = 1000;
/** Room kept for what a truncated diff adds around its text (fence, note line). */
const DIFF_WRAPPING_CHARS = 200;

/** How much of each diff the body shows. */
type DiffDetail = { mode: "full" } | { mode: "truncated"; maxChars: number } | { mode: "summary" };

interface Detail {
  diffs: DiffDetail;
  flowchart: boolean;
  /** Only the essentials: request, counts, digest, approval, metadata. */
  compact: boolean;
}

const truncationNote = (omitted: number) =>
  `… ${omitted} more line${omitted === 1 ? "" : "s"}; see the review comment on this step or run k8s_diff`;

function diffBody(facts: StepFacts, detail: DiffDetail): string {
  const parts = [paragraphText(truncate(facts.step.reason, MAX_REASON_CHARS))];
  const outcome = previewOutcome(facts);
  if (outcome !== undefined) {
    parts.push(paragraphText(truncate(outcome, MAX_ERROR_CHARS)));
    return parts.join("\n\n");
  }
  const diff = stepDiff(facts.preview);
  if (detail.mode === "summary") {
    const lines = objectSummaries(facts.preview).map((line) => `- ${tableCell(line, 300)}`);
    parts.push(`Diff too large to show here (see the review comment on this step):\n\n${lines.join("\n")}`);
  } else {
    const shown = detail.mode === "full" ? diff : truncateDiff(diff, detail.maxChars, truncationNote);
    parts.push(codeBlock(shown, "diff"));
  }
  return parts.join("\n\n");
}

function stepLabel(facts: StepFacts): string {
  return `${facts.number}. ${facts.step.id}: ${facts.step.tool} ${stepTarget(facts.step, facts.preview)}`;
}

function approvalView(view: PlanView) {
  const { approval, planPath } = view;
  const directory = posix.dirname(planPath);
  const required = Math.max(1, approval.required);
  return {
    planPath: codeSpan(planPath),
    planDirectory: codeSpan(`${directory}/`),
    owned: !approval.unowned && approval.owners.length > 0,
    owners: nameList(approval.owners, mention),
    required: `${required} approval${required === 1 ? "" : "s"}`,
    codeowners: approval.codeownersPath === undefined ? undefined : codeSpan(approval.codeownersPath),
    exampleRule: codeSpan(`/${directory}/ @your-org/your-team`),
  };
}

/** Labels the LLM planner writes for each step or check the policy made it drop (app/planner/llm). */
const DROPPED_LABEL_PREFIX = "skyflo.dev/dropped-";

function droppedLines(view: PlanView): string[] {
  return Object.entries(view.plan.metadata.labels ?? {})
    .filter(([key]) => key.startsWith(DROPPED_LABEL_PREFIX))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, value]) => inlineText(value));
}

function bodyView(view: PlanView, all: StepFacts[], detail: Detail) {
  const { plan } = view;
  const dropped = droppedLines(view);
  const mutating = all.filter((f) => f.mutating);
  return {
    planId: codeSpan(plan.metadata.id),
    request: quoteBlock(truncate(plan.metadata.request.text, 4000)),
    requester: mention(plan.metadata.request.by),
    issueLink: markdownLink(`#${view.issue.number}`, view.issue.url),
    stepCount: `${plan.steps.length} step${plan.steps.length === 1 ? "" : "s"}`,
    checkCount: `${plan.verify.length} check${plan.verify.length === 1 ? "" : "s"}`,
    cluster: codeSpan(plan.target.cluster),
    hasDropped: dropped.length > 0,
    dropped,
    full: !detail.compact,
    steps: all.map((f) => ({
      number: f.number,
      tool: tableCell(f.step.tool, 64),
      target: tableCell(stepTarget(f.step, f.preview)),
      change: tableCell(stepChange(f.step, f.preview)),
    })),
    flowchart: detail.flowchart
      ? planFlowchart(
          plan,
          all.map(stepLabel),
          plan.verify.map((c) => `${c.id}: ${verifyExpectation(c)}`),
        )
      : undefined,
    hasDiffs: mutating.length > 0,
    diffs: mutating.map((f) => ({
      summary: htmlText(truncate(`Step ${f.number} · ${f.step.id} · ${stepChange(f.step, f.preview)}`, 200)),
      body: diffBody(f, detail.diffs),
    })),
    hasChecks: plan.verify.length > 0,
    checks: plan.verify.map((c) => ({
      id: tableCell(c.id, 63),
      check: tableCell(c.check, 64),
      target: tableCell(verifyTarget(c)),
      expects: tableCell(verifyExpectation(c)),
      timeout: `${c.timeoutSeconds} s`,
    })),
    digest: codeSpan(view.digest),
    approval: approvalView(view),
    metadata: bodyMetadataComment({
      planId: plan.metadata.id,
      digest: view.digest,
      requester: plan.metadata.request.by,
      issue: view.issue.number,
    }),
  };
}

function render(view: PlanView, all: StepFacts[], detail: Detail): string {
  return renderTemplate("plan-pr-body", bodyView(view, all, detail));
}

/**
 * The largest per-diff length c with sum(min(size, c)) <= room: small diffs stay whole and the
 * large ones share what is left equally.
 */
function equalShareCap(sizes: number[], room: number): number {
  const sorted = [...sizes].sort((a, b) => a - b);
  let left = room;
  for (const [index, size] of sorted.entries()) {
    const share = Math.floor(left / (sorted.length - index));
    if (size > share) return share;
    left -= size;
  }
  return sorted.at(-1) ?? 0;
}

/**
 * The plan PR body: the request, steps, flowchart, dry-run diffs, checks, digest, who approves,
 * and the hidden metadata. Never longer than MAX_BODY_CHARS: diffs are cut, then summarised,
 * then everything but the essentials is left to the plan file and the review comments.
 */
export function renderPlanBody(view: PlanView): string {
  const all = stepFacts(view);
  const full = render(view, all, { diffs: { mode: "full" }, flowchart: true, compact: false });
  if (full.length <= MAX_BODY_CHARS) return full;

  const summarised = render(view, all, { diffs: { mode: "summary" }, flowchart: true, compact: false });
  const diffSizes = all
    .filter((f) => f.mutating && previewOutcome(f) === undefined)
    .map((f) => stepDiff(f.preview).length);
  const room = MAX_BODY_CHARS - summarised.length - diffSizes.length * DIFF_WRAPPING_CHARS;
  let maxChars = equalShareCap(diffSizes, room);
  // Usually right the first time; a second, smaller try covers summaries longer than the cut diffs.
  for (let attempt = 0; attempt < 2 && maxChars >= MIN_DIFF_CHARS; attempt += 1) {
    const cut = render(view, all, {
      diffs: { mode: "truncated", maxChars },
      flowchart: true,
      compact: false,
    });
    if (cut.length <= MAX_BODY_CHARS) return cut;
    maxChars = Math.floor(maxChars / 2);
  }
  if (summarised.length <= MAX_BODY_CHARS) return summarised;

  const noChart = render(view, all, { diffs: { mode: "summary" }, flowchart: false, compact: false });
  if (noChart.length <= MAX_BODY_CHARS) return noChart;
  const compact = render(view, all, { diffs: { mode: "summary" }, flowchart: false, compact: true });
  if (compact.length <= MAX_BODY_CHARS) return compact;
  // Unreachable with schema-valid plans (the request text is bounded); kept so the limit always holds.
  const metadata = bodyView(view, [], {
    diffs: { mode: "summary" },
    flowchart: false,
    compact: true,
  }).metadata;
  return `${compact.slice(0, MAX_BODY_CHARS - metadata.length - 10)}\n\n…\n\n${metadata}\n`;
}
