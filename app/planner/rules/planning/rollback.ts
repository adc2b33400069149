import { type LiveHistory, type LiveRevision, readHistory, readWorkload } from "../cluster-reads.ts";
import type { ParsedRequest } from "../grammar/parsed-request.ts";
import { dnsId } from "../plan-ids.ts";
import { containerImagePath, fieldEquals, rolloutComplete } from "../verify-intents.ts";
import { buildStep, type DraftContext, type Drafted, nothingToChange, refuse } from "./draft.ts";

type RollbackRequest = Extract<ParsedRequest, { action: "rollback" }>;

function existing(history: LiveHistory): string {
  const numbers = [...history.revisions].reverse().map((r) => r.revision);
  const more = history.truncated ? " (older ones not listed)" : "";
  return numbers.length === 0 ? "none" : `${numbers.join(", ")}${more}`;
}

/** The revision to go back to: the one asked for, or (like kubectl) the second-newest. */
function pickRevision(
  request: RollbackRequest,
  history: LiveHistory,
): { ok: true; revision: LiveRevision } | { ok: false; reply: string } {
  const subject = `Deployment "${request.target.name}" in namespace "${request.namespace}"`;
  if (request.toRevision !== undefined) {
    const found = history.revisions.find((r) => r.revision === request.toRevision);
    if (found) return { ok: true, revision: found };
    return {
      ok: false,
      reply: `${subject} has no revision ${request.toRevision}. Its revisions are: ${existing(history)}.`,
    };
  }
  const previous = history.revisions[1];
  if (previous) return { ok: true, revision: previous };
  return {
    ok: false,
    reply: `${subject} has no earlier revision to roll back to (revisions: ${existing(history)}).`,
  };
}

export async function planRollback(request: RollbackRequest, { tools }: DraftContext): Promise<Drafted> {
  const { target, namespace } = request;
  if (target.kind !== "Deployment") {
    return refuse(
      `Rollback is supported for Deployments only, and ${target.name} is a ${target.kind}. To go back, set the previous image instead: "set image ${target.kind.toLowerCase()}/${target.name} <container>=<image> in ${namespace}".`,
    );
  }
  const live = await readWorkload(tools, target, namespace);
  if (!live.ok) return live;
  if (live.value.paused) {
    return refuse(
      `Deployment "${target.name}" in namespace "${namespace}" is paused, so a rollback would not roll out. Resume it first (kubectl rollout resume), then ask again.`,
    );
  }
  const history = await readHistory(tools, target, namespace);
  if (!history.ok) return history;
  const picked = pickRevision(request, history.value);
  if (!picked.ok) return picked;
  const { revision } = picked;
  const current = history.value.currentRevision;
  if (revision.current || revision.revision === current) {
    return nothingToChange(
      `Deployment "${target.name}" in namespace "${namespace}" is already at revision ${revision.revision}.`,
    );
  }
  const ref = { namespace, kind: target.kind, name: target.name };
  const images = revision.images.map((c) => `${c.name}=${c.image}`).join(", ");
  const from = current === undefined ? "" : ` from revision ${current}`;
  const step = buildStep(
    dnsId("rollback", target.name),
    "k8s_rollout_undo",
    { ...ref, toRevision: revision.revision },
    `Roll ${target.name} back${from} to revision ${revision.revision} (${images || "no containers"}) as requested.`,
  );
  if (!step.ok) return step;
  return {
    ok: true,
    draft: {
      slug: ["rollback", target.name],
      steps: [step.step],
      verify: [
        rolloutComplete(dnsId(target.name, "rolled-out"), ref),
        ...revision.images.map((c) =>
          fieldEquals(dnsId(target.name, "image", c.name), ref, containerImagePath(c.name, c.init), c.image),
        ),
      ],
    },
  };
}
