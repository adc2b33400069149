// What follows an approval: run the approved plan once through the MCP tool server, verify it,
// commit the run record to the plan PR's branch, and merge the PR when everything passed. A run
// that fails or does not verify keeps its record on the open PR and is never merged.
import { hostname } from "node:os";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { isMutating } from "../../tools/registry.ts";
import { buildServer } from "../../tools/server.ts";
import { effectivePolicy } from "../config/effective-policy.ts";
import type { RepoConfig } from "../config/repo-config.ts";
import { callKey } from "../execute/call-key.ts";
import { executePlan, mcpToolCaller, type StepState } from "../execute/index.ts";
import type { CommitCheck, Forge, RepoRef } from "../forge/types.ts";
import type { Approval } from "../gate/approval.ts";
import { buildRunRecord, mergeMessage, runRecordPath, serializeRunRecord } from "../persist/index.ts";
import { type PriorState, priorStateOf, proposeRollback } from "../persist/rollback-plan.ts";
import type { Plan } from "../plan/index.ts";
import {
  executeCheckTitle,
  renderExecuteCheckSummary,
  renderRollbackProposal,
  renderStatus,
  renderVerifyCheckSummary,
  STATUS_MARKER,
  type StatusState,
  verifyCheckTitle,
} from "../render/index.ts";
import type { ToolCaller } from "../tool-caller.ts";
import type { Verification } from "../verify/index.ts";
import { verifyPlan } from "../verify/index.ts";
import { bindTriggeredBuilds } from "./bind-triggered-builds.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { describeFailure } from "./failure.ts";

export const EXECUTE_CHECK_NAME = "skyflo/execute";
export const VERIFY_CHECK_NAME = "skyflo/verify";

export interface ExecuteApprovedInput {
  forge: Forge;
  repo: RepoRef;
  /** From evaluateGate at the PR's head. */
  approval: Approval;
  /** The plan file parsed at approval.headSha; its digest is approval.planDigest. */
  plan: Plan;
  /**
   * Step id → digest of the dry-run diff reviewers saw (Skyflo's record at head). Every mutating
   * step must have one; a step whose dry run now differs is drift, and nothing runs.
   */
  approvedDiffs: Record<string, string>;
  /** The issue whose status comment follows the run. */
  issue: number;
  /** The repository config of the default branch (policy narrowing, plan folder, merge method). */
  config: RepoConfig;
}

export type ExecuteApprovedOutcome =
  /** The PR is no longer open, or its head moved since the approval: nothing ran. */
  | { kind: "stale"; reason: string }
  /** Another delivery, instance or earlier run owns this plan's Lease: nothing more is done here. */
  | { kind: "locked"; reason: string }
  | { kind: "merged"; recordSha: string; mergeSha: string }
  /** The run failed or did not verify (or could not be recorded/merged): the PR stays open. */
  | { kind: "failed-run"; reason: string; recordSha?: string };

type Deps = Pick<
  EngineDeps,
  "registry" | "kube" | "backends" | "serverPolicy" | "now" | "lockNamespace" | "verifyTimeScale"
>;

export async function executeApproved(
  input: ExecuteApprovedInput,
  deps: Deps,
): Promise<ExecuteApprovedOutcome> {
  const { forge, repo, approval, plan, config } = input;
  const headSha = approval.headSha;
  const setCheck = (check: Omit<CommitCheck, "headSha">) => forge.setCheck(repo, { ...check, headSha });
  const setStatus = (state: StatusState) =>
    forge.upsertComment(repo, input.issue, STATUS_MARKER, renderStatus(state));

  // Right before executing: the PR is still open at the approved head (a push or a close since
  // the review was evaluated ends here; the push brings its own approval check).
  const pr = await forge.getChangeRequest(repo, approval.pullRequest);
  if (pr.state !== "open" || pr.headSha !== headSha) {
    const reason =
      pr.state !== "open"
        ? `Pull request #${pr.number} is ${pr.state}; the plan was not executed.`
        : `The head of pull request #${pr.number} moved from ${headSha.slice(0, 7)} to ${pr.headSha.slice(0, 7)} after the approval; the plan was not executed. Approve the new head to run it.`;
    return { kind: "stale", reason };
  }

  const writePolicy = effectivePolicy(deps.serverPolicy.withWrite(true), config);
  const server = buildServer({
    registry: deps.registry,
    context: { ...deps.backends, kube: deps.kube, policy: writePolicy },
  });
  const client = new Client({ name: "skyflo-executor", version: "0.1.0" });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);

  const startedAt = deps.now().toISOString();
  // Progress writes are chained so they land in order; a failed write is not a failed run.
  let progressWrites: Promise<unknown> = Promise.resolve();
  const showProgress = (steps: StepState[]) => {
    progressWrites = progressWrites
      .then(() =>
        setCheck({
          name: EXECUTE_CHECK_NAME,
          status: "in_progress",
          title: executeCheckTitle(steps),
          summary: renderExecuteCheckSummary({ plan, steps }),
        }),
      )
      .catch(() => undefined);
  };
  let outcome: Awaited<ReturnType<typeof executePlan>>;
  const tools = resultKeepingCaller(mcpToolCaller(client));
  try {
    outcome = await executePlan({
      approval,
      plan,
      tools,
      // The server is built from this registry, so its annotations are the server's; listing
      // every tool over MCP on each run cost tens of milliseconds before anything ran.
      isMutatingTool: (name) => {
        const tool = deps.registry.get(name);
        return tool === undefined || isMutating(tool);
      },
      kube: deps.kube,
      lockNamespace: deps.lockNamespace ?? "default",
      holder: `${hostname()}-${process.pid}`,
      approvedDiffs: input.approvedDiffs,
      onProgress: showProgress,
      now: deps.now,
    });
  } finally {
    await client.close().catch(() => undefined);
    await server.close().catch(() => undefined);
  }
  await progressWrites;
  // Another run owns the plan (the same approval delivered twice, or another instance): that run
  // writes the checks, the record and the status; touching them here would overwrite its own.
  if (outcome.kind === "locked") return { kind: "locked", reason: outcome.reason };

  const executed = outcome.kind === "executed";
  const runReason = outcome.kind === "executed" ? undefined : outcome.reason;
  await setCheck({
    name: EXECUTE_CHECK_NAME,
    status: "completed",
    conclusion: executed ? "success" : "failure",
    title: executeCheckTitle(outcome.steps),
    summary: renderExecuteCheckSummary({ plan, steps: outcome.steps, reason: runReason }),
  });

  let verification: Verification | undefined;
  let reason = runReason;
  if (executed) {
    try {
      verification = await verifyPlan(bindTriggeredBuilds(plan, tools.results), deps.kube, {
        timeScale: deps.verifyTimeScale ?? 1,
        backends: { jenkins: deps.backends?.jenkins },
      });
    } catch (error) {
      reason = `Verification could not run: ${describeFailure(error)}`;
    }
    if (verification) {
      const timedOut = verification.conclusion === "timed_out";
      await setCheck({
        name: VERIFY_CHECK_NAME,
        status: "completed",
        // Check runs have no "timed out" conclusion for apps to set: a failure whose title says so.
        conclusion: verification.conclusion === "success" ? "success" : "failure",
        title: timedOut ? `Timed out: ${verifyCheckTitle(verification)}` : verifyCheckTitle(verification),
        summary: renderVerifyCheckSummary({ verification, plan }),
      });
      if (verification.conclusion !== "success") {
        reason = timedOut
          ? "Verification timed out: at least one intent did not settle before its deadline (see the skyflo/verify check)."
          : "Verification failed: at least one intent does not hold in the cluster (see the skyflo/verify check).";
      }
    }
  }

  const before = priorStates(plan, tools.results);
  const record = buildRunRecord({
    plan,
    digest: approval.planDigest,
    approval,
    steps: outcome.steps,
    verification,
    startedAt,
    finishedAt: deps.now().toISOString(),
    reason,
    before,
  });
  const runPath = runRecordPath(config.planDirectory, plan.metadata.id);
  const failRun = async (why: string, recordSha?: string): Promise<ExecuteApprovedOutcome> => {
    // Labelled so failed runs can be found; the proposal says what `/skyflo rollback` would open.
    await forge.addLabels(repo, pr.number, [config.failedRunLabel]).catch(() => undefined);
    const proposal = proposeRollback(plan, outcome.steps, { before });
    await forge.comment(repo, pr.number, renderRollbackProposal(proposal)).catch(() => undefined);
    await setStatus({ phase: "failed-run", prUrl: pr.url, reason: why });
    return { kind: "failed-run", reason: why, ...(recordSha ? { recordSha } : {}) };
  };

  // commitFiles moves the branch by force: re-read the head first so a push made during the run
  // is never overwritten (and never merged unreviewed).
  const current = await forge.getChangeRequest(repo, pr.number);
  if (current.state !== "open" || current.headSha !== headSha) {
    return failRun(
      `${reason ?? "The run succeeded"}, but pull request #${pr.number} changed during the run (${current.state}, head ${current.headSha.slice(0, 7)}), so the run record was not committed and nothing was merged. The record:\n\n\`\`\`json\n${serializeRunRecord(record)}\`\`\``,
    );
  }
  const { sha: recordSha } = await forge.commitFiles(repo, {
    branch: pr.headBranch,
    baseSha: pr.baseSha,
    parentSha: headSha,
    message: `skyflo: run record of ${plan.metadata.id}`,
    files: [{ path: runPath, content: serializeRunRecord(record) }],
  });
  if (reason !== undefined || record.outcome !== "succeeded") {
    return failRun(reason ?? `The run ended as ${record.outcome}.`, recordSha);
  }
  const message = mergeMessage({ record, pullRequest: pr.number, runPath });
  let mergeSha: string;
  try {
    ({ sha: mergeSha } = await forge.mergeChangeRequest(repo, pr.number, {
      method: config.mergeMethod,
      sha: recordSha,
      ...message,
    }));
  } catch (error) {
    return failRun(
      `The plan ran and verified, but the pull request could not be merged: ${describeFailure(error)}`,
      recordSha,
    );
  }
  await setStatus({ phase: "merged", prUrl: pr.url, digest: approval.planDigest });
  if (config.closeIssueOnMerge) await forge.closeIssue(repo, input.issue).catch(() => undefined);
  return { kind: "merged", recordSha, mergeSha };
}

/** A ToolCaller that keeps the data of every successful real (not dry-run) call, by call key. */
function resultKeepingCaller(
  inner: ToolCaller,
): ToolCaller & { results: Map<string, Record<string, unknown>> } {
  const results = new Map<string, Record<string, unknown>>();
  return {
    results,
    async call(tool, args) {
      const result = await inner.call(tool, args);
      if (result.ok && args.dryRun !== true) results.set(callKey(tool, args), result.data);
      return result;
    },
  };
}

/** stepId → what the step's target looked like before it ran, from the step's own result. */
function priorStates(plan: Plan, results: Map<string, Record<string, unknown>>): Record<string, PriorState> {
  const before: Record<string, PriorState> = {};
  for (const step of plan.steps) {
    const data = results.get(callKey(step.tool, step.args));
    const prior = data === undefined ? undefined : priorStateOf(step.tool, data);
    if (prior !== undefined) before[step.id] = prior;
  }
  return before;
}
