// Skyflo's own record of a plan at a commit: the `skyflo/plan` check run. Only the app can write
// its check runs, so this is where the gate reads what people must not be able to edit: who
// shaped the plan (the requester, and everyone whose push Skyflo saw since) and the dry-run diff
// of each step that reviewers saw, which the executor compares with the live cluster (drift).
// The PR body, the branch and the comments are all editable by anyone with write access.
import { z } from "zod";
import { diffDigest } from "../execute/digests.ts";
import type { CommitCheck, Forge, RepoRef } from "../forge/types.ts";
import { ForgeLoginSchema } from "../plan/schema.ts";
import type { PlanView } from "../render/index.ts";

export const PLAN_CHECK_NAME = "skyflo/plan";
const MARKER = "<!-- skyflo-plan-record v1 -->";
const SHA256 = /^sha256:[0-9a-f]{64}$/;
const MAX_REQUESTERS = 100;

export const PlanAttestationSchema = z.strictObject({
  planId: z.string().min(1).max(63),
  digest: z.string().regex(SHA256),
  /** Who asked for the plan, then everyone whose push to the branch Skyflo saw; none may approve it. */
  requesters: z.array(ForgeLoginSchema).min(1).max(MAX_REQUESTERS),
  /** Step id → diffDigest of the dry run reviewers saw, for mutating steps whose dry run worked. */
  stepDiffs: z.record(z.string(), z.string().regex(SHA256)),
});

export type PlanAttestation = z.infer<typeof PlanAttestationSchema>;

/** The record for a plan Skyflo just rendered (previews included), shaped by `requesters`. */
export function attestationOf(view: PlanView, requesters: readonly string[]): PlanAttestation {
  const stepDiffs: Record<string, string> = {};
  for (const preview of view.previews) {
    if (preview.mutating && preview.error === undefined)
      stepDiffs[preview.stepId] = diffDigest(preview.objects);
  }
  return {
    planId: view.plan.metadata.id,
    digest: view.digest,
    requesters: [...new Set(requesters)],
    stepDiffs,
  };
}

function attestationCheck(attestation: PlanAttestation, headSha: string): CommitCheck {
  const people = attestation.requesters.map((login) => `\`${login}\``).join(", ");
  return {
    name: PLAN_CHECK_NAME,
    headSha,
    status: "completed",
    conclusion: "success",
    title: `Plan ${attestation.digest.slice(0, 19)}… recorded by Skyflo`,
    summary: [
      `Skyflo wrote or checked plan \`${attestation.planId}\` at this commit (digest \`${attestation.digest}\`).`,
      "",
      `Shaped by ${people}: their approvals do not count for this plan unless the repository allows self-approval.`,
      "",
      "The dry-run diff of each step is recorded below; before running, Skyflo dry-runs each step again and stops if the cluster changed since.",
    ].join("\n"),
    text: `${MARKER}\n\n\`\`\`json\n${JSON.stringify(attestation, null, 2)}\n\`\`\`\n`,
  };
}

export async function recordAttestation(
  forge: Forge,
  repo: RepoRef,
  headSha: string,
  attestation: PlanAttestation,
): Promise<void> {
  await forge.setCheck(repo, attestationCheck(attestation, headSha));
}

/**
 * Skyflo's record at `sha`, or undefined when there is none or it does not read back exactly
 * (never a partial record: the gate then refuses).
 */
export async function readAttestation(
  forge: Forge,
  repo: RepoRef,
  sha: string,
): Promise<PlanAttestation | undefined> {
  const check = await forge.readCheck(repo, sha, PLAN_CHECK_NAME);
  if (check === undefined) return undefined;
  const start = check.text.indexOf(MARKER);
  if (start < 0) return undefined;
  const block = /```json\n([\s\S]*?)\n```/.exec(check.text.slice(start + MARKER.length));
  if (!block?.[1]) return undefined;
  try {
    const parsed = PlanAttestationSchema.safeParse(JSON.parse(block[1]));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
