// `/skyflo <request>` on an issue → a plan pull request. Forge-neutral: it sees only the Forge
// interface and the pure stages (parse, authorize, plan, preview, render). Every exit leaves the
// issue's status comment saying what happened; nothing is half-made without a status.
import { authorizeRequester } from "../auth/requester.ts";
import type { Forge, Person, RepoRef } from "../forge/types.ts";
import { STATUS_MARKER } from "../render/index.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { describeFailure } from "./failure.ts";
import { makePlan } from "./make-plan.ts";
import { openPlanPullRequest } from "./open-plan-pr.ts";
import { loadRepoContext } from "./repo-context.ts";
import { StatusReporter } from "./status-reporter.ts";

export type { EngineDeps } from "./engine-deps.ts";

export interface PlanRequestInput {
  forge: Forge;
  repo: RepoRef;
  issueNumber: number;
  issueUrl: string;
  commentId: number;
  commentUrl: string;
  requester: Person;
  text: string;
  /** The repository's default branch as the event reported it, if it did. */
  defaultBranch?: string;
}

export type PlanRequestOutcome =
  | { kind: "opened"; planId: string; prNumber: number; prUrl: string; digest: string }
  | { kind: "refused"; reason: string }
  | { kind: "failed"; reason: string };

export async function handlePlanRequest(
  input: PlanRequestInput,
  deps: EngineDeps,
): Promise<PlanRequestOutcome> {
  const { forge, repo, issueNumber } = input;
  const status = new StatusReporter(
    (body) => forge.upsertComment(repo, issueNumber, STATUS_MARKER, body),
    deps.planningNoticeMs ?? 1000,
  );
  try {
    await forge.acknowledge(repo, input.commentId);
    const loaded = await loadRepoContext(forge, repo, deps.files, input.defaultBranch);
    if (!loaded.ok) {
      await status.report({ phase: "refused", reason: loaded.reason });
      return { kind: "failed", reason: loaded.reason };
    }
    const context = loaded.context;
    const verdict = await authorizeRequester({
      repo,
      person: input.requester,
      config: context.config,
      forge,
    });
    if (!verdict.allowed) {
      await status.report({ phase: "refused", reason: verdict.reason });
      return { kind: "refused", reason: verdict.reason };
    }

    status.schedulePlanningNotice();
    const made = await makePlan(
      { text: input.text, by: input.requester.login, url: input.commentUrl, issueNumber },
      deps,
      { forge, repo, context },
    );
    if (!made.ok) {
      await status.report({ phase: "refused", reason: made.reason });
      return { kind: "refused", reason: made.reason };
    }
    return await openPlanPullRequest(
      {
        forge,
        repo,
        plan: made.plan,
        writePolicy: made.writePolicy,
        context,
        issue: { number: issueNumber, url: input.issueUrl },
        requesters: [input.requester.login],
        status,
      },
      deps,
    );
  } catch (error) {
    const reason = describeFailure(error);
    await status.report({ phase: "failed", reason }).catch(() => undefined);
    return { kind: "failed", reason };
  } finally {
    status.cancel();
  }
}
