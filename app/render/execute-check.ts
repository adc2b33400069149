// The skyflo/execute check run: a title that says where the run is, and a table with one row per
// step (state, id, tool, target, duration, what the tool said), updated as steps start and end.
import type { StepState, StepStatus } from "../execute/types.ts";
import type { Plan } from "../plan/index.ts";
import { fitCheckSummary } from "./check-summary-limit.ts";
import { codeSpan, paragraphText, tableCell, truncate } from "./markdown-text.ts";
import { stepTarget } from "./step-description.ts";
import { renderTemplate } from "./templates.ts";

export interface ExecuteCheckInput {
  /** The approved plan: the table shows each step's target from its arguments. */
  plan: Plan;
  /** The executor's step states, in plan order (as onProgress and the outcome give them). */
  steps: readonly StepState[];
  /** The executor's reason when the run stopped (failed, drifted, resumed-unknown). */
  reason?: string;
}

const STATUS_MARKS: Record<StepStatus, string> = {
  pending: "⏸️ pending",
  running: "⏳ running",
  succeeded: "✅ done",
  failed: "❌ failed",
  skipped: "⏭️ skipped",
  unknown: "❓ unknown",
};

const MAX_REASON = 4_000;
/** GitHub shows a check title as plain text, at most 1024 characters. */
const MAX_TITLE = 1_024;

/** "812 ms", "4.2 s", "3 min 5 s": short enough for a table cell. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1_000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function count(steps: readonly StepState[], status: StepStatus): number {
  return steps.filter((step) => step.status === status).length;
}

/** The check's title: how many steps are done, or which one failed or is in doubt. */
export function executeCheckTitle(steps: readonly StepState[]): string {
  const total = steps.length;
  const done = count(steps, "succeeded");
  const stopped = steps.find((step) => step.status === "failed" || step.status === "unknown");
  let title: string;
  if (stopped !== undefined) {
    const what = stopped.status === "failed" ? "failed" : "was in flight when the run stopped";
    title = `Step ${stopped.id} (${stopped.tool}) ${what}; ${done} of ${total} done`;
  } else if (done === total) {
    title = `All ${total} step${total === 1 ? "" : "s"} done`;
  } else {
    const running = steps.find((step) => step.status === "running");
    title =
      running === undefined
        ? `${done} of ${total} steps done`
        : `Running ${running.id} (${running.tool}); ${done} of ${total} done`;
  }
  // Titles are plain text: no Markdown to escape, but no line breaks either.
  return truncate(title.replace(/\s+/g, " "), MAX_TITLE);
}

function stepRow(plan: Plan, state: StepState, maxCell: number) {
  const step = plan.steps.find((candidate) => candidate.id === state.id);
  const said = state.status === "failed" || state.error !== undefined ? state.error : state.summary;
  return {
    status: STATUS_MARKS[state.status] ?? tableCell(String(state.status), 20),
    id: tableCell(state.id, 63),
    tool: tableCell(state.tool, 64),
    target: tableCell(step === undefined ? "" : stepTarget(step, undefined), maxCell),
    duration: state.status === "running" ? "…" : formatDuration(state.durationMs),
    said: tableCell(said ?? "", maxCell),
  };
}

/** The check's Markdown summary, at most 65,535 characters. */
export function renderExecuteCheckSummary(input: ExecuteCheckInput): string {
  const { plan, steps } = input;
  const done = count(steps, "succeeded");
  return fitCheckSummary((maxCell) =>
    renderTemplate("execute-check", {
      planId: codeSpan(plan.metadata.id),
      total: steps.length,
      done,
      rows: steps.map((state) => stepRow(plan, state, maxCell)),
      reason:
        input.reason === undefined
          ? undefined
          : paragraphText(truncate(input.reason, Math.min(MAX_REASON, maxCell * 10))),
    }),
  );
}
