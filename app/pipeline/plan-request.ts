// `/skyflo <request>` on an issue → a plan pull request. Forge-neutral: it sees only the Forge
// interface and the pure stages (parse, authorize, plan, preview, render). Every exit leaves the
// issue's status comment saying what happened; nothing is half-made without a status.
import { authorizeRequester } from "../auth/requester.ts";
import { isForgeError } from "../forge/errors.ts";
import type { Forge, Person, RepoRef } from "../forge/types.ts";
import { renderPlanBody, renderStepComments, STATUS_MARKER } from "../render/index.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { describeFailure } from "./failure.ts";
import { makePlan } from "./make-plan.ts";
import { buildPlanView } from "./plan-view.ts";
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
    const { plan } = made;
    const view = await buildPlanView(plan, deps, {
      context,
      writePolicy: made.writePolicy,
      issue: { number: issueNumber, url: input.issueUrl },
    });
    const branch = `skyflo/${plan.metadata.id}`;
    const commitOptions = {
      branch,
      baseSha: context.base.sha,
      message: `Skyflo plan ${plan.metadata.id}: ${plan.metadata.request.text}`.slice(0, 200),
      files: [{ path: view.planPath, content: view.planYaml }],
    };
    let commit: { sha: string };
    try {
      commit = await forge.commitFiles(repo, commitOptions);
    } catch (error) {
      // The branch exists: either an open plan PR for the same request, or what a failed attempt
      // left behind. Never overwrite an open plan; a leftover branch is moved to the new plan.
      if (!isForgeError(error) || error.status !== 422) throw error;
      const open = await forge.findOpenChangeRequest(repo, branch);
      if (open) {
        const reason = `A plan for this request is already open: ${open.url}. Comment \`/skyflo replan\` there to plan it again against the cluster as it is now.`;
        await status.report({ phase: "refused", reason });
        return { kind: "refused", reason };
      }
      commit = await forge.commitFiles(repo, { ...commitOptions, parentSha: context.base.sha });
    }
    const pr = await forge.openChangeRequest(repo, {
      head: branch,
      base: context.base.name,
      title: `Skyflo plan: ${plan.metadata.request.text}`.slice(0, 240),
      body: renderPlanBody(view),
    });
    const comments = renderStepComments(view);
    if (comments.length > 0) {
      await forge.reviewWithComments(repo, pr.number, {
        commitSha: commit.sha,
        body: `Dry-run diffs of the ${comments.length} changing step(s), anchored on the plan file.`,
        comments,
      });
    }
    await status.report({
      phase: "pr-opened",
      prUrl: pr.url,
      planId: plan.metadata.id,
      digest: view.digest,
      approvers: view.approval.owners,
    });
    return {
      kind: "opened",
      planId: plan.metadata.id,
      prNumber: pr.number,
      prUrl: pr.url,
      digest: view.digest,
    };
  } catch (error) {
    const reason = describeFailure(error);
    await status.report({ phase: "failed", reason }).catch(() => undefined);
    return { kind: "failed", reason };
  } finally {
    status.cancel();
  }
}
