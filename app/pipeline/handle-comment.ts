// One `/skyflo …` comment, already parsed: help, a reply for what cannot be read, or a plan request.
import type { Command } from "../commands/parse-command.ts";
import type { Forge, Person, RepoRef } from "../forge/types.ts";
import { renderHelp, renderReply } from "../render/index.ts";
import { type ApprovalCheckOutcome, handleApprovalCheck } from "./approval-check.ts";
import type { ExecuteApprovedOutcome } from "./execute-approved.ts";
import { describeFailure } from "./failure.ts";
import { cancelPlan, rollbackPlan, statusReply } from "./plan-commands.ts";
import { type EngineDeps, handlePlanRequest, type PlanRequestOutcome } from "./plan-request.ts";
import { handleReplan, type ReplanOutcome } from "./replan.ts";

export interface CommentEvent {
  forge: Forge;
  repo: RepoRef;
  command: Exclude<Command, { kind: "ignore" }>;
  issueNumber: number;
  issueUrl: string;
  isPullRequest: boolean;
  commentId: number;
  commentUrl: string;
  requester: Person;
  defaultBranch?: string;
}

export type CommentOutcome = PlanRequestOutcome | ReplanOutcome | { kind: "replied" };

const EXECUTION_OFF = "Execution is turned off on this Skyflo server, so nothing was changed.";

function executionReply(execution: ExecuteApprovedOutcome): string {
  switch (execution.kind) {
    case "merged":
      return "**Skyflo** re-checked the approval and ran the plan: it verified and the pull request was merged with its run record.";
    case "failed-run":
      return `**Skyflo** re-checked the approval and ran the plan, but the run did not succeed; the pull request stays open. ${execution.reason}`;
    case "locked":
    case "stale":
      return `**Skyflo** re-checked the approval; the plan was not run here. ${execution.reason}`;
  }
}

/** The reply to `/skyflo apply`; `executes`: whether this server runs approved plans. */
function applyReply(checked: ApprovalCheckOutcome, executes: boolean): string {
  const off = executes ? "" : `\n\n${EXECUTION_OFF}`;
  switch (checked.kind) {
    case "not-a-plan":
      return renderReply(
        "invalid-command",
        "This pull request does not carry a Skyflo plan (its description has no plan metadata), so there is nothing to apply.",
      );
    case "failed":
      return renderReply("error", `${checked.reason}${off}`);
    case "finished":
      return `**Skyflo**: nothing to apply. ${checked.reason}`;
    case "checked":
      if (checked.execution) return executionReply(checked.execution);
      return checked.approved
        ? `**Skyflo** re-checked the approval: the plan is approved at ${checked.headSha.slice(0, 7)} (see the \`skyflo/approval\` check).${off}`
        : `**Skyflo** re-checked the approval: the plan is not approved yet at ${checked.headSha.slice(0, 7)}; the \`skyflo/approval\` check lists what is missing.${off}`;
  }
}

export async function handleComment(event: CommentEvent, deps: EngineDeps): Promise<CommentOutcome> {
  const { forge, repo, command, issueNumber } = event;
  const reply = async (body: string): Promise<CommentOutcome> => {
    await forge.comment(repo, issueNumber, body);
    return { kind: "replied" };
  };
  switch (command.kind) {
    case "help":
      return reply(renderHelp());
    case "invalid":
      return reply(renderReply("invalid-command", command.reason));
    case "plan":
      if (event.isPullRequest) {
        return reply(
          renderReply(
            "invalid-command",
            "Ask for changes on an issue, not on a pull request: Skyflo opens a pull request for each plan. On a plan pull request, `/skyflo help` lists what you can do.",
          ),
        );
      }
      return handlePlanRequest(
        {
          forge,
          repo,
          issueNumber,
          issueUrl: event.issueUrl,
          commentId: event.commentId,
          commentUrl: event.commentUrl,
          requester: event.requester,
          text: command.text,
          defaultBranch: event.defaultBranch,
        },
        deps,
      );
    case "replan":
      if (!event.isPullRequest) {
        return reply(
          renderReply("invalid-command", "`/skyflo replan` works on a plan pull request, not on an issue."),
        );
      }
      return handleReplan(
        {
          forge,
          repo,
          prNumber: issueNumber,
          commentId: event.commentId,
          commentUrl: event.commentUrl,
          requester: event.requester,
          defaultBranch: event.defaultBranch,
        },
        deps,
      );
    case "apply": {
      if (!event.isPullRequest) {
        return reply(
          renderReply("invalid-command", "`/skyflo apply` works on a plan pull request, not on an issue."),
        );
      }
      await forge.acknowledge(repo, event.commentId);
      // Re-checks the approval (for an approval that arrived while Skyflo was down) and runs it if approved.
      const checked = await handleApprovalCheck(
        { forge, repo, prNumber: issueNumber, defaultBranch: event.defaultBranch },
        deps,
      );
      return reply(applyReply(checked, deps.executeApproved === true));
    }
    case "status":
    case "cancel":
    case "rollback": {
      if (!event.isPullRequest) {
        return reply(
          renderReply(
            "invalid-command",
            `\`/skyflo ${command.kind}\` works on a plan pull request, not on an issue.`,
          ),
        );
      }
      await forge.acknowledge(repo, event.commentId);
      const input = {
        forge,
        repo,
        prNumber: issueNumber,
        requester: event.requester,
        commentUrl: event.commentUrl,
        defaultBranch: event.defaultBranch,
      };
      const answer = { status: statusReply, cancel: cancelPlan, rollback: rollbackPlan }[command.kind];
      return reply(
        await answer(input, deps).catch((error: unknown) => renderReply("error", describeFailure(error))),
      );
    }
  }
}
