// The squash-merge commit of a plan PR: a title naming the plan and the request, a short body
// listing what ran, and git trailers (the last paragraph) that say who approved at which commit,
// who executed, how verification ended, the plan digest and where the run record is.
import type { RunRecord } from "../plan/index.ts";

export interface MergeMessageInput {
  record: RunRecord;
  /** The plan PR's number, appended to the title as GitHub's squash merges do. */
  pullRequest: number;
  /** Where the record was committed, from runRecordPath (e.g. ".skyflo/runs/42-scale-web.json"). */
  runPath: string;
}

export interface MergeMessage {
  /** commit_title of the merge call. */
  title: string;
  /** commit_message of the merge call: body paragraphs, then the trailers. */
  message: string;
}

export type VerifiedTrailer = "success" | "failure" | "timed_out";

/** Thrown for a record that must not be merged (the run did not finish its steps). */
export class MergeMessageError extends Error {}

const MAX_TITLE = 72;
const MAX_LINE = 200;

/**
 * One line of plain text: request text and tool summaries are written by people and tools, so
 * line breaks and control characters are flattened, or a line such as "Approved-by: @mallory"
 * could pass for a trailer.
 */
function oneLine(text: string, max: number): string {
  const flat = text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const points = Array.from(flat);
  return points.length <= max ? flat : `${points.slice(0, max - 1).join("")}…`;
}

/** The Verified trailer: the verifier's conclusion; a plan without intents has nothing to fail. */
export function verifiedTrailer(record: RunRecord): VerifiedTrailer {
  if (record.outcome === "in_progress" || record.outcome === "failed") {
    throw new MergeMessageError(
      `run ${record.planId} has outcome "${record.outcome}": only a run whose steps all succeeded is merged; the PR stays open`,
    );
  }
  if (record.verificationConclusion !== undefined) return record.verificationConclusion;
  if (record.outcome === "succeeded" && record.verification.length === 0) return "success";
  throw new MergeMessageError(
    `run ${record.planId} has no verification conclusion; build the record with the verifier's result`,
  );
}

/** The trailer lines, in order: Approved-by (one per approver), Executed-by, Verified, Plan-digest, Skyflo-Run. */
export function mergeTrailers(record: RunRecord, runPath: string): string[] {
  const verified = verifiedTrailer(record);
  const approvals = record.approval.approvers.map((approver) => {
    const review = approver.reviewId === undefined ? "approval" : `review ${approver.reviewId}`;
    return `Approved-by: @${approver.login} (${review} at ${record.approval.headSha})`;
  });
  return [
    ...approvals,
    "Executed-by: skyflo",
    `Verified: ${verified}`,
    `Plan-digest: ${record.planDigest}`,
    `Skyflo-Run: ${oneLine(runPath, MAX_LINE)}`,
  ];
}

function stepLine(step: RunRecord["steps"][number]): string {
  const said = step.summary ?? step.error;
  const detail = said === undefined ? "" : `: ${oneLine(said, MAX_LINE)}`;
  return `- ${step.id} (${step.tool}) ${step.status}${detail}`;
}

export function mergeMessage(input: MergeMessageInput): MergeMessage {
  const { record, pullRequest, runPath } = input;
  if (!Number.isInteger(pullRequest) || pullRequest < 1) {
    throw new MergeMessageError(`pull request number ${pullRequest} is not a positive integer`);
  }
  const trailers = mergeTrailers(record, runPath);
  const suffix = ` (#${pullRequest})`;
  const title =
    oneLine(`skyflo ${record.planId}: ${record.request.text}`, MAX_TITLE - suffix.length) + suffix;
  const body = [
    `Requested by @${record.request.by}: ${oneLine(record.request.text, MAX_LINE)}`,
    oneLine(record.request.url, MAX_LINE),
  ].join("\n");
  const steps = record.steps.map(stepLine).join("\n");
  const message = `${[body, steps, trailers.join("\n")].join("\n\n")}\n`;
  return { title, message };
}
