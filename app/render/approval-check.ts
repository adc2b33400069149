// The skyflo/approval check on a plan pull request's head: its title and a table of the gate's
// requirements, each passed (✅) or not (❌) with the sentence that says what to do.
import { codeSpan, truncate } from "./markdown-text.ts";
import { trustedMarkdown } from "./replies.ts";
import { renderTemplate } from "./templates.ts";

export interface ApprovalCheckInput {
  approved: boolean;
  headSha: string;
  /** Logins whose approvals counted (only when approved). */
  approvers: string[];
  requirements: { id: string; passed: boolean; sentence: string }[];
  /** Whether this server runs approved plans (false: planner only). */
  executes: boolean;
}

/** Requirement sentences can quote paths and reasons; long ones are cut, not dropped. */
const MAX_SENTENCE_CHARS = 1_000;

/**
 * The gate's sentences are Skyflo's own Markdown (code spans around paths it quotes), so they stay
 * Markdown, made safe like other trusted text (no mentions, no hidden comments), on one line, with
 * pipes escaped so a quoted path cannot split the table row.
 */
export function sentenceCell(sentence: string, max = MAX_SENTENCE_CHARS): string {
  const line = trustedMarkdown(truncate(sentence, max)).replace(/\s*\n\s*/g, " ");
  return line === "" ? "—" : line.replace(/\|/g, "\\|");
}

/** A check title is plain text (GitHub shows it unrendered, at most 1024 characters). */
export function approvalCheckTitle(input: ApprovalCheckInput): string {
  const sha7 = input.headSha.slice(0, 7);
  if (input.approved) {
    const names = input.approvers.map((login) => `@${login}`).join(", ");
    return `Approved by ${names} at ${sha7}`.slice(0, 1024);
  }
  const missing = input.requirements.filter((r) => !r.passed).length;
  return `Waiting: ${missing} requirement${missing === 1 ? "" : "s"} not met at ${sha7}`;
}

/** The check's Markdown summary: a sentence, then one table row per requirement. */
export function renderApprovalCheckSummary(input: ApprovalCheckInput): string {
  const missing = input.requirements.filter((r) => !r.passed).length;
  return renderTemplate("approval-check", {
    approved: input.approved,
    executes: input.executes,
    headSha: codeSpan(input.headSha.slice(0, 7)),
    missingCount: missing,
    missingVerb: missing === 1 ? "is" : "are",
    rows: input.requirements.map((r) => ({
      mark: r.passed ? "✅" : "❌",
      sentence: sentenceCell(r.sentence),
    })),
  });
}
