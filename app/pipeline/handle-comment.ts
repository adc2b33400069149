// One `/skyflo …` comment, already parsed: help, a reply for what cannot be read, or a plan request.
import type { Command } from "../commands/parse-command.ts";
import type { Forge, Person, RepoRef } from "../forge/types.ts";
import { renderHelp, renderReply } from "../render/index.ts";
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
    case "apply":
      // Not built yet: apply belongs to the approval gate (issue 4). Say so plainly.
      return reply(
        renderReply(
          "invalid-command",
          `\`/skyflo ${command.kind}\` is not available in this version of Skyflo yet, so nothing was done.`,
        ),
      );
  }
}
