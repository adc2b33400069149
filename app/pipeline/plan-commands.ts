// `/skyflo status`, `/skyflo cancel` and `/skyflo rollback` on a plan pull request. Each reads
// where the plan is from the forge itself (the PR's state, the run record at its head, Skyflo's
// own checks), so the answer holds after a restart and with several replicas.
import { authorizeRequester } from "../auth/requester.ts";
import { effectivePolicy } from "../config/effective-policy.ts";
import type { StepState } from "../execute/types.ts";
import type { ChangeRequest, Forge, Person, RepoRef } from "../forge/types.ts";
import { proposeRollback, runRecordPath } from "../persist/index.ts";
import { type RunRecord, RunRecordSchema, readPlan } from "../plan/index.ts";
import {
  type BodyMetadata,
  readBodyMetadata,
  renderReply,
  renderStatus,
  STATUS_MARKER,
} from "../render/index.ts";
import { APPROVAL_CHECK_NAME } from "./approval-check.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { EXECUTE_CHECK_NAME } from "./execute-approved.ts";
import { openPlanPullRequest } from "./open-plan-pr.ts";
import { planPathOf } from "./plan-view.ts";
import { loadRepoContext, type RepoContext } from "./repo-context.ts";
import { StatusReporter } from "./status-reporter.ts";
import { refusedSteps } from "./step-policy.ts";

export interface PlanCommandInput {
  forge: Forge;
  repo: RepoRef;
  prNumber: number;
  requester: Person;
  commentUrl: string;
  defaultBranch?: string;
}

/** Where a plan PR is: its PR, metadata, the repo context and its run record (when it ran). */
interface PlanWhereabouts {
  pr: ChangeRequest;
  metadata: BodyMetadata;
  context: RepoContext;
  runPath: string;
  record: RunRecord | undefined;
}

type Located = { ok: true; where: PlanWhereabouts } | { ok: false; reply: string };

async function locate(input: PlanCommandInput, deps: EngineDeps): Promise<Located> {
  const { forge, repo } = input;
  const pr = await forge.getChangeRequest(repo, input.prNumber);
  const metadata = readBodyMetadata(pr.body);
  if (!metadata) {
    return {
      ok: false,
      reply: renderReply(
        "invalid-command",
        "This pull request does not carry a Skyflo plan (its description has no plan metadata).",
      ),
    };
  }
  const loaded = await loadRepoContext(forge, repo, deps.files, input.defaultBranch);
  if (!loaded.ok) return { ok: false, reply: renderReply("invalid-config", loaded.reason) };
  const runPath = runRecordPath(loaded.context.config.planDirectory, metadata.planId);
  const text = await forge.readFile(repo, runPath, pr.headSha);
  let record: RunRecord | undefined;
  if (text !== undefined) {
    try {
      const parsed = RunRecordSchema.safeParse(JSON.parse(text));
      record = parsed.success ? parsed.data : undefined;
    } catch {
      record = undefined;
    }
  }
  return { ok: true, where: { pr, metadata, context: loaded.context, runPath, record } };
}

/** `/skyflo status`: one reply that says where the plan is and what comes next. */
export async function statusReply(input: PlanCommandInput, deps: EngineDeps): Promise<string> {
  const located = await locate(input, deps);
  if (!located.ok) return located.reply;
  const { pr, metadata, record, runPath } = located.where;
  const plan = `Plan \`${metadata.planId}\` (digest \`${metadata.digest}\`)`;
  if (record?.outcome === "succeeded" && pr.state === "merged") {
    return `**Skyflo**: ${plan} ran, verified and was merged with its record \`${runPath}\`.`;
  }
  if (record !== undefined) {
    const why = record.reason ? ` ${record.reason}` : "";
    return `**Skyflo**: ${plan} ran at ${record.approval.headSha.slice(0, 7)} and ended as \`${record.outcome}\`; the record is \`${runPath}\` on this branch.${why} \`/skyflo rollback\` opens the proposed rollback as a new plan.`;
  }
  if (pr.state === "merged")
    return `**Skyflo**: ${plan} was merged by hand without a run record: Skyflo did not run it.`;
  if (pr.state === "closed") return `**Skyflo**: ${plan} was closed without running; nothing was changed.`;
  const head = pr.headSha.slice(0, 7);
  const running = await input.forge.readCheck(input.repo, pr.headSha, EXECUTE_CHECK_NAME);
  if (running !== undefined)
    return `**Skyflo**: ${plan} at ${head}: the \`skyflo/execute\` check says ${running.title}.`;
  const approval = await input.forge.readCheck(input.repo, pr.headSha, APPROVAL_CHECK_NAME);
  if (approval === undefined) {
    return `**Skyflo**: ${plan} has not been checked at ${head} yet; \`/skyflo apply\` checks its approval now.`;
  }
  return `**Skyflo**: ${plan} at ${head}: ${approval.title}. The \`skyflo/approval\` check lists every requirement.`;
}

/** `/skyflo cancel`: closes a plan that has not run. Anyone who may ask for plans may cancel one. */
export async function cancelPlan(input: PlanCommandInput, deps: EngineDeps): Promise<string> {
  const located = await locate(input, deps);
  if (!located.ok) return located.reply;
  const { pr, metadata, record, context } = located.where;
  const verdict = await authorizeRequester({
    repo: input.repo,
    person: input.requester,
    config: context.config,
    forge: input.forge,
  });
  if (!verdict.allowed) return renderReply("not-allowed", verdict.reason);
  if (pr.state !== "open") return `**Skyflo**: nothing to cancel; this pull request is ${pr.state}.`;
  if (record !== undefined) {
    return renderReply(
      "invalid-command",
      `The plan already ran (its record is on this branch), so it cannot be cancelled; \`/skyflo rollback\` opens the proposed rollback.`,
    );
  }
  if ((await input.forge.readCheck(input.repo, pr.headSha, EXECUTE_CHECK_NAME)) !== undefined) {
    return renderReply(
      "invalid-command",
      "The plan is running at this head, so it cannot be cancelled now; `/skyflo status` says where it is.",
    );
  }
  await input.forge.closeChangeRequest(input.repo, pr.number);
  await input.forge.upsertComment(
    input.repo,
    metadata.issue,
    STATUS_MARKER,
    renderStatus({ phase: "closed", prUrl: pr.url, by: input.requester.login }),
  );
  return `**Skyflo** closed plan \`${metadata.planId}\` without running it; nothing was changed in the cluster.`;
}

/** `/skyflo rollback`: the proposal for what the failed run changed, as a new plan PR on the same issue. */
export async function rollbackPlan(input: PlanCommandInput, deps: EngineDeps): Promise<string> {
  const { forge, repo } = input;
  const located = await locate(input, deps);
  if (!located.ok) return located.reply;
  const { pr, metadata, record, context } = located.where;
  const verdict = await authorizeRequester({ repo, person: input.requester, config: context.config, forge });
  if (!verdict.allowed) return renderReply("not-allowed", verdict.reason);
  if (record === undefined) {
    return renderReply(
      "invalid-command",
      "This plan has not run (there is no run record on this branch), so there is nothing to roll back; `/skyflo cancel` closes it.",
    );
  }
  const planText = await forge.readFile(repo, planPathOf(context, metadata.planId), pr.headSha);
  const read = readPlan(planText ?? "");
  if (!read.ok) {
    return renderReply(
      "error",
      "The plan file on this branch no longer reads as a plan, so the rollback cannot be worked out.",
    );
  }
  const steps: StepState[] = record.steps.map((step) => ({
    id: step.id,
    tool: step.tool,
    status: step.status,
  }));
  const before = Object.fromEntries(record.steps.flatMap((s) => (s.before ? [[s.id, s.before]] : [])));
  const proposal = proposeRollback(read.plan, steps, {
    before,
    requestedBy: { by: input.requester.login, url: input.commentUrl },
    now: deps.now(),
  });
  const notes = proposal.notes.map((note) => `- ${note}`).join("\n");
  if (proposal.plan === undefined) {
    return `**Skyflo** found nothing it can roll back automatically.${notes ? `\n\n${notes}` : ""}`;
  }
  const writePolicy = effectivePolicy(deps.serverPolicy.withWrite(true), context.config);
  const refusals = refusedSteps(proposal.plan, deps.registry, writePolicy);
  if (refusals.length > 0) {
    return renderReply("not-allowed", refusals.map((r) => `Step ${r.stepId}: ${r.reason}`).join("\n"));
  }
  const status = new StatusReporter(
    (body) => forge.upsertComment(repo, metadata.issue, STATUS_MARKER, body),
    deps.planningNoticeMs ?? 1000,
  );
  const opened = await openPlanPullRequest(
    {
      forge,
      repo,
      plan: proposal.plan,
      writePolicy,
      context,
      issue: { number: metadata.issue, url: read.plan.metadata.request.url.replace(/#.*$/, "") },
      requesters: [input.requester.login],
      status,
    },
    deps,
  );
  if (opened.kind === "refused") return renderReply("invalid-command", opened.reason);
  return `**Skyflo** opened the rollback as ${opened.prUrl}; it runs once the code owners approve it.${notes ? `\n\nNot undone automatically:\n${notes}` : ""}`;
}
