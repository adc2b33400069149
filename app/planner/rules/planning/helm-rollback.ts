// "rollback release shop [to revision 2] in shop": one helm_rollback step to a revision that exists
// (default: the one before the newest, as helm does), refused when the release is already there.
import type { ParsedRequest } from "../grammar/parsed-request.ts";
import { dnsId } from "../plan-ids.ts";
import { buildStep, type DraftContext, type Drafted, nothingToChange, refuse } from "./draft.ts";
import { helmReleaseDeployed, helmReleaseRolledOut } from "./helm-intents.ts";
import { pendingOperation, type ReleaseHistory, readReleaseHistory } from "./helm-reads.ts";

type RollbackRequest = Extract<ParsedRequest, { action: "helm-rollback" }>;

function existing(history: ReleaseHistory): string {
  const numbers = history.revisions.map((r) => r.revision).join(", ");
  return history.truncated ? `${numbers} (older ones not listed)` : numbers;
}

export async function planHelmRollback(request: RollbackRequest, { tools }: DraftContext): Promise<Drafted> {
  const { release, namespace } = request;
  const subject = `Helm release "${release}" in namespace "${namespace}"`;
  const read = await readReleaseHistory(tools, release, namespace);
  if (!read.ok) return read;
  const history = read.value;
  const pending = pendingOperation(history, release, namespace);
  if (pending) return refuse(pending);
  const wanted = request.toRevision ?? history.latest.revision - 1;
  const target = history.revisions.find((r) => r.revision === wanted);
  if (!target) {
    return refuse(
      request.toRevision === undefined
        ? `${subject} has no earlier revision to roll back to (revisions: ${existing(history)}).`
        : `${subject} has no revision ${wanted}. Its revisions are: ${existing(history)}.`,
    );
  }
  if (target.revision === history.currentRevision) {
    return nothingToChange(
      `${subject} is already at revision ${target.revision} (${target.chart}, deployed).`,
    );
  }
  const next = history.latest.revision + 1;
  const from = history.currentRevision === undefined ? "" : ` from revision ${history.currentRevision}`;
  const step = buildStep(
    dnsId("rollback", release),
    "helm_rollback",
    { namespace, release, revision: target.revision },
    `Roll Helm release ${release} back${from} to revision ${target.revision} (${target.chart}); Helm records it as revision ${next}. As requested.`,
  );
  if (!step.ok) return step;
  const ref = { namespace, release, revision: next };
  return {
    ok: true,
    draft: {
      slug: ["rollback", release],
      steps: [step.step],
      verify: [
        helmReleaseDeployed(dnsId(release, "deployed"), ref),
        helmReleaseRolledOut(dnsId(release, "rolled-out"), ref),
      ],
    },
  };
}
