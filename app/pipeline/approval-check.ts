// The skyflo/approval check: gathers what the gate decides from (the PR, its reviews and changed
// files, CODEOWNERS at the PR's base, the plan file at head), evaluates the gate, and shows the
// result on the head commit and in the issue's status comment. When execution is on
// (deps.executeApproved), an approved plan is handed to executeApproved (execute-approved.ts).
//
// A pull request that is no longer open, or whose head already carries the plan's run record,
// is finished: it is not evaluated again. That is how the app's own record commit (which GitHub
// reports as a synchronize) and any later review or `/skyflo apply` are told apart from a new
// approval: the plan ran once; its Lease would refuse a second run anyway, but the checks and
// the status comment must not flip to "awaiting approval" either.

import type { Forge, RepoRef } from "../forge/types.ts";
import { evaluateGate } from "../gate/approval.ts";
import { findCodeowners } from "../gate/codeowners.ts";
import { runRecordPath } from "../persist/index.ts";
import { formatPlanError, readPlan } from "../plan/index.ts";
import {
  approvalCheckTitle,
  readBodyMetadata,
  renderApprovalCheckSummary,
  renderStatus,
  STATUS_MARKER,
  type StatusState,
} from "../render/index.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { type ExecuteApprovedOutcome, executeApproved } from "./execute-approved.ts";
import { describeFailure } from "./failure.ts";
import { readAttestation } from "./plan-attestation.ts";
import { planPathOf } from "./plan-view.ts";
import { loadRepoContext } from "./repo-context.ts";

export const APPROVAL_CHECK_NAME = "skyflo/approval";

export interface ApprovalCheckInput {
  forge: Forge;
  repo: RepoRef;
  prNumber: number;
  defaultBranch?: string;
  /**
   * Whether a not-yet-approved result is written to the issue's status comment. The app's own
   * plan commits (open, replan) already wrote a status that says who must approve, with the
   * digest; repeating it as "awaiting approval" would only overwrite that. Default true.
   */
  reportAwaiting?: boolean;
}

export type ApprovalCheckOutcome =
  | { kind: "not-a-plan" }
  | {
      kind: "checked";
      approved: boolean;
      headSha: string;
      requirements: { id: string; passed: boolean; sentence: string }[];
      /** Present when the plan was approved and execution is on. */
      execution?: ExecuteApprovedOutcome;
    }
  /** Closed, merged, or its run record is already on the head: nothing is evaluated again. */
  | { kind: "finished"; reason: string }
  | { kind: "failed"; reason: string };

type Deps = Pick<EngineDeps, "files"> & Partial<Omit<EngineDeps, "files">>;

export async function handleApprovalCheck(
  input: ApprovalCheckInput,
  deps: Deps,
): Promise<ApprovalCheckOutcome> {
  const { forge, repo, prNumber } = input;
  let pr: Awaited<ReturnType<Forge["getChangeRequest"]>>;
  try {
    pr = await forge.getChangeRequest(repo, prNumber);
  } catch (error) {
    return { kind: "failed", reason: describeFailure(error) };
  }
  // The body's metadata can be edited by anyone with write access: it only says which plan this
  // is and which issue to report to. Who shaped the plan comes from Skyflo's own record at head.
  const metadata = readBodyMetadata(pr.body);
  if (!metadata) return { kind: "not-a-plan" };
  if (pr.state !== "open") {
    return { kind: "finished", reason: `Pull request #${pr.number} is ${pr.state}.` };
  }
  const setCheck = (approved: boolean, title: string, summary: string) =>
    forge.setCheck(repo, {
      name: APPROVAL_CHECK_NAME,
      headSha: pr.headSha,
      status: "completed",
      conclusion: approved ? "success" : "action_required",
      title,
      summary,
    });
  try {
    const loaded = await loadRepoContext(forge, repo, deps.files, input.defaultBranch);
    if (!loaded.ok) {
      await setCheck(false, "The repository configuration is invalid", loaded.reason);
      return { kind: "failed", reason: loaded.reason };
    }
    const context = loaded.context;
    const runPath = runRecordPath(context.config.planDirectory, metadata.planId);
    if ((await forge.readFile(repo, runPath, pr.headSha)) !== undefined) {
      return {
        kind: "finished",
        reason: `The plan of pull request #${pr.number} already ran: its record ${runPath} is on the head commit.`,
      };
    }
    // CODEOWNERS of the PR's base commit: a PR cannot make its own change owned by someone else.
    const readAtPrBase = (path: string) =>
      deps.files.read(repo, pr.baseSha, path, () => forge.readFile(repo, path, pr.baseSha));
    const planPath = planPathOf(context, metadata.planId);
    const [codeowners, planText, changedFiles, reviews, attestation] = await Promise.all([
      findCodeowners(readAtPrBase),
      forge.readFile(repo, planPath, pr.headSha),
      forge.listChangedFiles(repo, prNumber),
      forge.listReviews(repo, prNumber),
      readAttestation(forge, repo, pr.headSha),
    ]);
    const plan = planText === undefined ? undefined : readPlan(planText);
    const planFile = {
      path: planPath,
      digestAtHead: plan?.ok ? plan.digest : undefined,
      ...(plan === undefined
        ? { error: `${planPath} does not exist at ${pr.headSha.slice(0, 7)}.` }
        : plan.ok
          ? {}
          : { error: plan.errors.map(formatPlanError).join("\n") }),
    };
    const result = await evaluateGate({
      pr: { number: pr.number, state: pr.state, headSha: pr.headSha, baseSha: pr.baseSha, body: pr.body },
      attestation:
        attestation && attestation.planId === metadata.planId
          ? { digest: attestation.digest, requesters: attestation.requesters }
          : undefined,
      changedFiles,
      planFile,
      bodyDigest: metadata.digest,
      codeowners,
      config: context.config,
      reviews,
      isActiveTeamMember: (org, team, login) => forge.isTeamMember(org, team, login),
    });
    const approvers = result.approval?.approvers.map((a) => a.login) ?? [];
    const execute = executionDeps(deps);
    const view = {
      executes: execute !== undefined,
      approved: result.approved,
      headSha: pr.headSha,
      approvers,
      requirements: result.requirements,
    };
    await setCheck(result.approved, approvalCheckTitle(view), renderApprovalCheckSummary(view));
    if (result.approval && plan?.ok && execute) {
      await forge.upsertComment(
        repo,
        metadata.issue,
        STATUS_MARKER,
        renderStatus({ phase: "executing", prUrl: pr.url, approvers, headSha: pr.headSha }),
      );
      // The run writes the issue's status itself (merged, or why it failed).
      const execution = await executeApproved(
        {
          forge,
          repo,
          approval: result.approval,
          plan: plan.plan,
          // The gate passed plan-attested, so the record at head is there and is this plan's.
          approvedDiffs: attestation?.stepDiffs ?? {},
          issue: metadata.issue,
          config: context.config,
        },
        execute,
      ).catch(async (error: unknown): Promise<ExecuteApprovedOutcome> => {
        // Broke mid-way (a forge or cluster call threw): say so where people look.
        const reason = describeFailure(error);
        const failedRun = renderStatus({ phase: "failed-run", prUrl: pr.url, reason });
        await forge.upsertComment(repo, metadata.issue, STATUS_MARKER, failedRun).catch(() => undefined);
        return { kind: "failed-run", reason };
      });
      return {
        kind: "checked",
        approved: true,
        headSha: pr.headSha,
        requirements: result.requirements,
        execution,
      };
    }
    const status: StatusState | undefined = result.approved
      ? { phase: "approved", prUrl: pr.url, approvers, headSha: pr.headSha }
      : input.reportAwaiting === false
        ? undefined
        : {
            phase: "awaiting-approval",
            prUrl: pr.url,
            missing: result.requirements.filter((r) => !r.passed).map((r) => r.sentence),
          };
    if (status) await forge.upsertComment(repo, metadata.issue, STATUS_MARKER, renderStatus(status));
    return {
      kind: "checked",
      approved: result.approved,
      headSha: pr.headSha,
      requirements: result.requirements,
    };
  } catch (error) {
    // Could not evaluate: never an approval. Say so on the check, if the forge still answers.
    const reason = describeFailure(error);
    await setCheck(false, "The approval could not be checked", reason).catch(() => undefined);
    return { kind: "failed", reason };
  }
}

/** The engine's parts execution needs, when execution is on and they are all there. */
function executionDeps(deps: Deps) {
  const { registry, kube, serverPolicy, now } = deps;
  if (!deps.executeApproved || !registry || !kube || !serverPolicy || !now) return undefined;
  return {
    registry,
    kube,
    backends: deps.backends,
    serverPolicy,
    now,
    lockNamespace: deps.lockNamespace,
    verifyTimeScale: deps.verifyTimeScale,
  };
}
