// The skyflo/verify check run: the verifier's conclusion and a table of the plan's intents with
// what each expected, what the cluster showed, and how it ended.
import type { Plan } from "../plan/index.ts";
import type { IntentResult, Verification } from "../verify/types.ts";
import { fitCheckSummary } from "./check-summary-limit.ts";
import { formatDuration } from "./execute-check.ts";
import { codeSpan, tableCell, truncate } from "./markdown-text.ts";
import { verifyTarget } from "./step-description.ts";
import { renderTemplate } from "./templates.ts";

export interface VerifyCheckInput {
  verification: Verification;
  /** The plan, to name each intent's object; the table works without it. */
  plan?: Plan;
}

const RESULT_MARKS: Record<IntentResult["status"], string> = {
  passed: "✅ passed",
  failed: "❌ failed",
  timed_out: "⌛ timed out",
};

const MAX_TITLE = 1_024;

/** The check's title: the conclusion in words, with counts. */
export function verifyCheckTitle(verification: Verification): string {
  const total = verification.results.length;
  const passed = verification.results.filter((r) => r.status === "passed").length;
  const failed = verification.results.filter((r) => r.status === "failed").length;
  const timedOut = verification.results.filter((r) => r.status === "timed_out").length;
  const of = `${total} intent${total === 1 ? "" : "s"}`;
  let title: string;
  switch (verification.conclusion) {
    case "success":
      title =
        total === 0 ? "Nothing to verify: the plan has no intents" : `Verified: ${passed} of ${of} passed`;
      break;
    case "failure":
      title = `Verification failed: ${failed} of ${of} failed`;
      break;
    case "timed_out":
      title = `Verification timed out: ${timedOut} of ${of} did not settle in time`;
      break;
  }
  return truncate(title, MAX_TITLE);
}

function intentRow(result: IntentResult, plan: Plan | undefined, maxCell: number) {
  const intent = plan?.verify.find((candidate) => candidate.id === result.id);
  const target = intent === undefined ? "" : verifyTarget(intent);
  return {
    result: RESULT_MARKS[result.status] ?? tableCell(String(result.status), 20),
    id: tableCell(result.id, 63),
    check: tableCell(result.check, 64),
    target: tableCell(target, maxCell),
    expected: tableCell(result.expected, maxCell),
    observed: tableCell(result.observed, maxCell),
    duration: formatDuration(result.durationMs),
  };
}

const CONCLUSION_SENTENCES: Record<Verification["conclusion"], string> = {
  success: "Every intent of the plan holds in the cluster.",
  failure: "At least one intent of the plan does not hold in the cluster.",
  timed_out: "At least one intent did not settle before its deadline; none failed outright.",
};

/** The check's Markdown summary, at most 65,535 characters. */
export function renderVerifyCheckSummary(input: VerifyCheckInput): string {
  const { verification, plan } = input;
  return fitCheckSummary((maxCell) =>
    renderTemplate("verify-check", {
      planId: plan === undefined ? undefined : codeSpan(plan.metadata.id),
      conclusion: CONCLUSION_SENTENCES[verification.conclusion],
      hasResults: verification.results.length > 0,
      rows: verification.results.map((result) => intentRow(result, plan, maxCell)),
    }),
  );
}
