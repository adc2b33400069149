// `/skyflo replan` on a plan pull request: plan the same request again against the cluster as it
// is now, on the same branch, as one new commit. The head moves, so earlier approvals no longer
// count; the body, the review comments and the issue's status follow the new plan.
import { authorizeRequester } from "../auth/requester.ts";
import type { Forge, Person, RepoRef } from "../forge/types.ts";
import { readPlan } from "../plan/index.ts";
import {
  readBodyMetadata,
  renderPlanBody,
  renderReply,
  renderStatus,
  renderStepComments,
  STATUS_MARKER,
} from "../render/index.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { describeFailure } from "./failure.ts";
import { makePlan } from "./make-plan.ts";
import { attestationOf, readAttestation, recordAttestation } from "./plan-attestation.ts";
import { buildPlanView, planPathOf } from "./plan-view.ts";
import { loadRepoContext } from "./repo-context.ts";

export interface ReplanInput {
  forge: Forge;
  repo: RepoRef;
  prNumber: number;
  commentId: number;
  commentUrl: string;
  requester: Person;
  defaultBranch?: string;
}

export type ReplanOutcome =
  | { kind: "replanned"; digest: string; previousDigest: string; headSha: string }
  | { kind: "unchanged"; digest: string }
  | { kind: "refused"; reason: string }
  | { kind: "failed"; reason: string };

export async function handleReplan(input: ReplanInput, deps: EngineDeps): Promise<ReplanOutcome> {
  const { forge, repo, prNumber } = input;
  const refuse = async (reason: string): Promise<ReplanOutcome> => {
    await forge.comment(repo, prNumber, renderReply("invalid-command", reason));
    return { kind: "refused", reason };
  };
  try {
    await forge.acknowledge(repo, input.commentId);
    const pr = await forge.getChangeRequest(repo, prNumber);
    if (pr.state !== "open")
      return refuse(`This pull request is ${pr.state}; only an open plan can be replanned.`);
    const metadata = readBodyMetadata(pr.body);
    if (!metadata) {
      return refuse(
        "This pull request does not carry a Skyflo plan (its description has no plan metadata), so there is nothing to replan.",
      );
    }
    const loaded = await loadRepoContext(forge, repo, deps.files, input.defaultBranch);
    if (!loaded.ok) return refuse(loaded.reason);
    const context = loaded.context;
    const verdict = await authorizeRequester({
      repo,
      person: input.requester,
      config: context.config,
      forge,
    });
    if (!verdict.allowed) return refuse(verdict.reason);

    const planPath = planPathOf(context, metadata.planId);
    const current = readPlan((await forge.readFile(repo, planPath, pr.headSha)) ?? "");
    if (!current.ok) {
      const first = current.errors[0];
      return refuse(
        `The plan file ${planPath} at ${pr.headSha.slice(0, 7)} cannot be read (${first ? `${first.path}: ${first.message}` : "missing"}), so its request is unknown. Fix the file, or close this pull request and ask again on the issue.`,
      );
    }
    // The request text comes from the branch. Without Skyflo's record at head (a push it could not
    // accept, or never saw) it cannot tell who wrote that text, so it does not plan from it.
    const before = await readAttestation(forge, repo, pr.headSha);
    if (before === undefined || before.planId !== metadata.planId) {
      return refuse(
        `Skyflo has no record of the plan at ${pr.headSha.slice(0, 7)} (a push it could not accept, or did not see), so it cannot tell who wrote the request on this branch. Close this pull request and ask again on the issue.`,
      );
    }
    // The person who asks for the replan is a requester of the new plan, with everyone who shaped
    // the plan so far.
    const made = await makePlan(
      {
        text: current.plan.metadata.request.text,
        by: input.requester.login,
        url: input.commentUrl,
        issueNumber: metadata.issue,
      },
      deps,
      { forge, repo, context },
    );
    if (!made.ok) return refuse(made.reason);
    if (made.plan.metadata.id !== metadata.planId) {
      return refuse(
        `Replanning made plan ${made.plan.metadata.id}, not ${metadata.planId}: ask again on the issue instead.`,
      );
    }
    const issueUrl = current.plan.metadata.request.url.replace(/#.*$/, "");
    const view = await buildPlanView(made.plan, deps, {
      context,
      writePolicy: made.writePolicy,
      issue: { number: metadata.issue, url: issueUrl },
    });
    if (view.digest === current.digest) {
      await forge.comment(
        repo,
        prNumber,
        `**Skyflo** replanned against the live cluster: the plan is unchanged (digest \`${view.digest}\`), so nothing was committed and approvals still count.`,
      );
      return { kind: "unchanged", digest: view.digest };
    }
    const commit = await forge.commitFiles(repo, {
      branch: pr.headBranch,
      baseSha: pr.baseSha,
      parentSha: pr.headSha,
      message: `Skyflo replan ${metadata.planId} for ${input.requester.login}`,
      files: [{ path: view.planPath, content: view.planYaml }],
    });
    await recordAttestation(
      forge,
      repo,
      commit.sha,
      attestationOf(view, [input.requester.login, current.plan.metadata.request.by, ...before.requesters]),
    );
    await forge.updateChangeRequest(repo, prNumber, { body: renderPlanBody(view) });
    const comments = renderStepComments(view);
    if (comments.length > 0) {
      await forge.reviewWithComments(repo, prNumber, {
        commitSha: commit.sha,
        body: `Replanned: dry-run diffs of the ${comments.length} changing step(s) at ${commit.sha.slice(0, 7)}.`,
        comments,
      });
    }
    await forge.comment(
      repo,
      prNumber,
      `**Skyflo** replanned against the live cluster: digest \`${current.digest}\` → \`${view.digest}\` at ${commit.sha.slice(0, 7)}. Approvals given before this commit no longer count.`,
    );
    await forge.upsertComment(
      repo,
      metadata.issue,
      STATUS_MARKER,
      renderStatus({
        phase: "pr-opened",
        prUrl: pr.url,
        planId: metadata.planId,
        digest: view.digest,
        approvers: view.approval.owners,
      }),
    );
    return { kind: "replanned", digest: view.digest, previousDigest: current.digest, headSha: commit.sha };
  } catch (error) {
    const reason = describeFailure(error);
    await forge.comment(repo, prNumber, renderReply("error", reason)).catch(() => undefined);
    return { kind: "failed", reason };
  }
}
