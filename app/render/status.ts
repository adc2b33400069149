// The one status comment on the issue, updated in place as the plan moves on.
import { sentenceCell } from "./approval-check.ts";
import { codeSpan, markdownLink, truncate } from "./markdown-text.ts";
import { nameList, quietName } from "./people.ts";
import { MAX_BODY_CHARS } from "./plan-body.ts";
import { trustedMarkdown } from "./replies.ts";
import { renderTemplate } from "./templates.ts";
import type { StatusState } from "./types.ts";

/** Identifies Skyflo's status comment on an issue (Forge.upsertComment finds it by this). */
export const STATUS_MARKER = "<!-- skyflo:status -->";

/** Room for the marker and the phase text around a reason (which may be a whole reply). */
const MAX_REASON_CHARS = MAX_BODY_CHARS - 4_000;

function phaseView(state: StatusState): Record<string, unknown> {
  switch (state.phase) {
    case "planning":
      return { planning: true };
    case "pr-opened":
      return {
        prOpened: {
          prLink: markdownLink("the plan pull request", state.prUrl),
          planId: codeSpan(state.planId),
          digest: codeSpan(state.digest),
          approvers: state.approvers.length > 0 ? nameList(state.approvers, quietName) : undefined,
        },
      };
    case "approved":
    case "executing": {
      const approval = {
        prLink: markdownLink("the plan pull request", state.prUrl),
        approvers: nameList(state.approvers, quietName),
        headSha: codeSpan(state.headSha.slice(0, 7)),
      };
      return state.phase === "approved" ? { approved: approval } : { executing: approval };
    }
    case "closed":
      return {
        closed: {
          prLink: markdownLink("the plan pull request", state.prUrl),
          by: state.by === undefined ? undefined : quietName(state.by),
        },
      };
    case "awaiting-approval":
      return {
        awaiting: {
          prLink: markdownLink("the plan pull request", state.prUrl),
          missing: state.missing.map((sentence) => ({ sentence: sentenceCell(sentence) })),
        },
      };
    case "refused":
      return { refused: { reason: truncate(trustedMarkdown(state.reason), MAX_REASON_CHARS) } };
    case "failed":
      return { failed: { reason: truncate(trustedMarkdown(state.reason), MAX_REASON_CHARS) } };
    case "merged":
      return {
        merged: {
          prLink: markdownLink("the plan pull request", state.prUrl),
          digest: codeSpan(state.digest),
        },
      };
    case "failed-run":
      return {
        failedRun: {
          prLink: markdownLink("the plan pull request", state.prUrl),
          reason: truncate(trustedMarkdown(state.reason), MAX_REASON_CHARS),
        },
      };
    default: {
      const unknown: never = state;
      throw new Error(`no status text for phase ${JSON.stringify(unknown)}`);
    }
  }
}

/** The status comment's body for `state`, starting with STATUS_MARKER. */
export function renderStatus(state: StatusState): string {
  return renderTemplate("status-comment", { marker: STATUS_MARKER, ...phaseView(state) });
}
