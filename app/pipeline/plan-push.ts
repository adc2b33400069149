// A person pushed to a plan pull request's branch (pull_request.synchronize by someone other than
// Skyflo). The plan file may have been edited: Skyflo validates it, checks every step against the
// policy, dry-runs it again, renders the body and the diffs anew, and records at the pushed
// commit who shaped the plan — everyone Skyflo recorded before the push, plus the pusher, who
// therefore cannot approve it. Nothing is recorded (so the gate refuses) when the plan does not
// parse, leaves the policy, or when the commit before the push carries no record: then Skyflo
// cannot know who else shaped it. Approvals given before the push never count (the head moved).
import { effectivePolicy } from "../config/effective-policy.ts";
import type { Forge, Person, RepoRef } from "../forge/types.ts";
import { runRecordPath } from "../persist/index.ts";
import { formatPlanError, readPlan } from "../plan/index.ts";
import { readBodyMetadata, renderPlanBody, renderReply, renderStepComments } from "../render/index.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { describeFailure } from "./failure.ts";
import { attestationOf, readAttestation, recordAttestation } from "./plan-attestation.ts";
import { buildPlanView, planPathOf } from "./plan-view.ts";
import { loadRepoContext } from "./repo-context.ts";
import { refusedSteps } from "./step-policy.ts";

export interface PlanPushInput {
  forge: Forge;
  repo: RepoRef;
  prNumber: number;
  /** The webhook's sender: who pushed. */
  pusher: Person;
  /** The head before and after this push (the webhook's before/after), not the head now. */
  beforeSha: string;
  afterSha: string;
  defaultBranch?: string;
}

export type PlanPushOutcome =
  | { kind: "not-a-plan" }
  | { kind: "finished"; reason: string }
  | { kind: "recorded"; digest: string; changed: boolean }
  | { kind: "not-recorded"; reason: string }
  | { kind: "failed"; reason: string };

export async function handlePlanPush(input: PlanPushInput, deps: EngineDeps): Promise<PlanPushOutcome> {
  const { forge, repo, prNumber, afterSha } = input;
  const short = afterSha.slice(0, 7);
  const refuse = async (reason: string): Promise<PlanPushOutcome> => {
    await forge.comment(repo, prNumber, renderReply("invalid-command", reason));
    return { kind: "not-recorded", reason };
  };
  try {
    const pr = await forge.getChangeRequest(repo, prNumber);
    const metadata = readBodyMetadata(pr.body);
    if (!metadata) return { kind: "not-a-plan" };
    if (pr.state !== "open")
      return { kind: "finished", reason: `Pull request #${pr.number} is ${pr.state}.` };
    const loaded = await loadRepoContext(forge, repo, deps.files, input.defaultBranch);
    if (!loaded.ok) return { kind: "not-recorded", reason: loaded.reason };
    const context = loaded.context;
    const runPath = runRecordPath(context.config.planDirectory, metadata.planId);
    if ((await forge.readFile(repo, runPath, afterSha)) !== undefined) {
      return { kind: "finished", reason: `The plan already ran: ${runPath} is at ${short}.` };
    }

    const before = await readAttestation(forge, repo, input.beforeSha);
    if (before === undefined || before.planId !== metadata.planId) {
      return refuse(
        `Skyflo has no record of this plan at ${input.beforeSha.slice(0, 7)}, the commit before \`${input.pusher.login}\`'s push, so it cannot tell who shaped the plan at ${short} and will not record it. Ask for \`/skyflo replan\` to plan again from here.`,
      );
    }
    const planPath = planPathOf(context, metadata.planId);
    const read = readPlan((await forge.readFile(repo, planPath, afterSha)) ?? "");
    if (!read.ok) {
      // The skyflo/approval check quotes the errors; no record means nothing can be approved.
      return {
        kind: "not-recorded",
        reason: `${planPath} at ${short} is not a valid plan:\n${read.errors.map(formatPlanError).join("\n")}`,
      };
    }
    const plan = read.plan;
    if (plan.metadata.id !== metadata.planId) {
      return refuse(
        `The plan file at ${short} says its id is \`${plan.metadata.id}\`, but this pull request is plan \`${metadata.planId}\`; change it back, or ask for a new plan on the issue.`,
      );
    }
    const writePolicy = effectivePolicy(deps.serverPolicy.withWrite(true), context.config);
    const refusals = refusedSteps(plan, deps.registry, writePolicy);
    if (refusals.length > 0) {
      return refuse(
        `The plan edited at ${short} asks for what this repository does not allow, so Skyflo will not record it and it cannot be approved:\n${refusals.map((r) => `- Step \`${r.stepId}\`: ${r.reason}`).join("\n")}`,
      );
    }

    const issueUrl = plan.metadata.request.url.replace(/#.*$/, "");
    const view = await buildPlanView(plan, deps, {
      context,
      writePolicy,
      issue: { number: metadata.issue, url: issueUrl },
    });
    const attestation = attestationOf(view, [...before.requesters, input.pusher.login]);
    await recordAttestation(forge, repo, afterSha, attestation);
    const changed =
      view.digest !== before.digest ||
      JSON.stringify(attestation.stepDiffs) !== JSON.stringify(before.stepDiffs);
    if (changed) {
      await forge.updateChangeRequest(repo, prNumber, { body: renderPlanBody(view) });
      const comments = renderStepComments(view);
      if (comments.length > 0) {
        await forge.reviewWithComments(repo, prNumber, {
          commitSha: afterSha,
          body: `Re-rendered after \`${input.pusher.login}\`'s push: dry-run diffs of the ${comments.length} changing step(s) at ${short}.`,
          comments,
        });
      }
      await forge.comment(
        repo,
        prNumber,
        `**Skyflo** checked the plan as pushed by \`${input.pusher.login}\` at ${short}: digest \`${before.digest}\` → \`${view.digest}\`. Approvals given before this commit no longer count, and \`${input.pusher.login}\` cannot approve this plan.`,
      );
    }
    return { kind: "recorded", digest: view.digest, changed };
  } catch (error) {
    const reason = describeFailure(error);
    await forge.comment(repo, prNumber, renderReply("error", reason)).catch(() => undefined);
    return { kind: "failed", reason };
  }
}
