// A plan Skyflo made (from a request, or a rollback proposal) → its pull request: one commit with
// the plan file on `skyflo/<plan id>`, Skyflo's record of it (who shaped it, the dry-run diffs),
// the PR, one review anchoring each step's diff on the plan file, and the issue's status.
import type { Policy } from "../../tools/policy.ts";
import { isForgeError } from "../forge/errors.ts";
import type { Forge, RepoRef } from "../forge/types.ts";
import type { Plan } from "../plan/index.ts";
import { renderPlanBody, renderStepComments } from "../render/index.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { attestationOf, recordAttestation } from "./plan-attestation.ts";
import { buildPlanView } from "./plan-view.ts";
import type { RepoContext } from "./repo-context.ts";
import type { StatusReporter } from "./status-reporter.ts";

export interface OpenPlanInput {
  forge: Forge;
  repo: RepoRef;
  plan: Plan;
  writePolicy: Policy;
  context: RepoContext;
  issue: { number: number; url: string };
  /** Who asked: recorded as the plan's requesters, who cannot approve it. */
  requesters: string[];
  status: StatusReporter;
}

export type OpenPlanOutcome =
  | { kind: "opened"; planId: string; prNumber: number; prUrl: string; digest: string }
  | { kind: "refused"; reason: string };

export async function openPlanPullRequest(input: OpenPlanInput, deps: EngineDeps): Promise<OpenPlanOutcome> {
  const { forge, repo, plan, context, status } = input;
  const view = await buildPlanView(plan, deps, {
    context,
    writePolicy: input.writePolicy,
    issue: input.issue,
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
  // Recorded before the PR exists, so the first approval check already finds it.
  await recordAttestation(forge, repo, commit.sha, attestationOf(view, input.requesters));
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
}
