// helm_rollback: a new revision that re-applies an earlier one's manifest, through the helm binary.
// The diff is read natively: the current manifest against the target revision's manifest.
import { z } from "zod";
import { dryRunInput } from "../kubernetes/mutation.ts";
import { defineTool } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import { requireHelmBackend } from "./backend.ts";
import { baselineOf, describeChanges, helmChangeOutput, timeoutArguments } from "./helm-change.ts";
import { helmTimeoutSeconds, waitInput } from "./helm-inputs.ts";
import { runHelm } from "./helm-runner.ts";
import {
  chartLabel,
  describeRelease,
  releaseReference,
  releaseTargets,
  revisionNumber,
} from "./read-inputs.ts";
import { manifestChange } from "./release-diff.ts";
import { releaseObjects } from "./release-manifest.ts";
import { findLatestRelease, readReleaseHistory, releaseNotFound } from "./release-store.ts";

export const helmRollbackTool = defineTool({
  name: "helm_rollback",
  title: "Roll back a Helm release",
  description:
    "Rolls a Helm release back to an earlier revision (helm rollback): helm re-applies that revision's manifest as a " +
    "new revision. Without `revision` it goes back to the revision before the newest. Read helm_history first to " +
    "pick one. With dryRun: true helm validates the rollback (--dry-run=server) and nothing changes. Returns the " +
    "per-object diff between the current manifest and the target revision's (kind/namespace/name, Secret values " +
    "masked) and the revision the rollback creates. Every call adds a revision, so it is not idempotent.",
  family: "helm",
  input: z.object({
    ...releaseReference,
    revision: revisionNumber
      .optional()
      .describe("The revision to go back to; default: the one before the newest"),
    wait: waitInput,
    timeoutSeconds: helmTimeoutSeconds,
    dryRun: dryRunInput,
  }),
  output: helmChangeOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  targets: releaseTargets,
  async handler(args, { kube, signal, helm }) {
    const backend = requireHelmBackend("helm_rollback", helm);
    const subject = describeRelease(args.release, args.namespace);
    const history = await readReleaseHistory(kube, args.namespace, args.release, signal);
    const latest = history[0];
    if (!latest) throw releaseNotFound(args.release, args.namespace);
    const targetRevision = args.revision ?? latest.revision - 1;
    const target = history.find((release) => release.revision === targetRevision);
    if (!target) {
      const known = history.map((r) => r.revision).join(", ");
      throw new ToolError(
        targetRevision < 1
          ? `Cannot roll back Helm ${subject}: it has only revision ${latest.revision}, nothing earlier.`
          : `Cannot roll back Helm ${subject} to revision ${targetRevision}: there is no such revision.`,
        `Its revisions are: ${known}.`,
      );
    }
    const what = `roll back Helm ${subject} to revision ${targetRevision}`;
    await runHelm({
      backend,
      kube,
      signal,
      what,
      args: [
        "rollback",
        args.release,
        String(targetRevision),
        "--namespace",
        args.namespace,
        ...timeoutArguments(args.timeoutSeconds, args.wait),
        ...(args.dryRun ? ["--dry-run=server"] : []),
      ],
    });
    const baseline = baselineOf(history);
    const before = baseline ? await releaseObjects(kube, baseline.manifest, args.namespace, signal) : [];
    const after = await releaseObjects(kube, target.manifest, args.namespace, signal);
    const change = manifestChange(args.dryRun, before, after);
    const now = args.dryRun ? undefined : await findLatestRelease(kube, args.namespace, args.release, signal);
    const revision = now?.revision ?? latest.revision + 1;
    const status = now?.status ?? "pending-rollback";
    const summary = args.dryRun
      ? `Dry run: would roll back Helm ${subject} to revision ${targetRevision} as revision ${revision}: ${describeChanges(change.objects)}.`
      : `Rolled back Helm ${subject} to revision ${targetRevision} as revision ${revision} (${status}): ${describeChanges(change.objects)}.`;
    return {
      summary,
      data: {
        ...change,
        release: args.release,
        namespace: args.namespace,
        revision,
        previousRevision: latest.revision,
        status,
        chart: chartLabel(target),
      },
    };
  },
});
