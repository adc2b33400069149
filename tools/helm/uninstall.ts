// helm_uninstall: removes a release and the objects of its manifest, through the helm binary. The
// diff lists every object that goes; objects annotated helm.sh/resource-policy: keep stay.
import { z } from "zod";
import { dryRunInput } from "../kubernetes/mutation.ts";
import type { KubeObject } from "../kubernetes/object-rest.ts";
import { defineTool } from "../registry.ts";
import { requireHelmBackend } from "./backend.ts";
import { describeChanges, helmChangeOutput, timeoutArguments } from "./helm-change.ts";
import { helmTimeoutSeconds, waitInput } from "./helm-inputs.ts";
import { runHelm } from "./helm-runner.ts";
import { chartLabel, describeRelease, releaseReference, releaseTargets } from "./read-inputs.ts";
import { manifestChange } from "./release-diff.ts";
import { releaseObjects } from "./release-manifest.ts";
import { readLatestRelease } from "./release-store.ts";

function kept(object: KubeObject): boolean {
  return object.metadata?.annotations?.["helm.sh/resource-policy"] === "keep";
}

export const helmUninstallTool = defineTool({
  name: "helm_uninstall",
  title: "Uninstall a Helm release",
  description:
    "Uninstalls a Helm release (helm uninstall): deletes every object of its manifest (except those annotated " +
    "helm.sh/resource-policy: keep) and its release records, unless keepHistory: true keeps the records. Data in " +
    "deleted objects is lost. With dryRun: true helm simulates it and nothing changes. Returns the diff of every " +
    "object that would be removed (kind/namespace/name, Secret values masked). Fails if the release does not exist.",
  family: "helm",
  input: z.object({
    ...releaseReference,
    keepHistory: z.boolean().default(false).describe("Keep the release records (helm --keep-history)"),
    wait: waitInput,
    timeoutSeconds: helmTimeoutSeconds,
    dryRun: dryRunInput,
  }),
  output: helmChangeOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  targets: releaseTargets,
  async handler(args, { kube, signal, helm }) {
    const backend = requireHelmBackend("helm_uninstall", helm);
    const subject = describeRelease(args.release, args.namespace);
    const latest = await readLatestRelease(kube, args.namespace, args.release, signal);
    await runHelm({
      backend,
      kube,
      signal,
      what: `uninstall Helm ${subject}`,
      args: [
        "uninstall",
        args.release,
        "--namespace",
        args.namespace,
        ...(args.keepHistory ? ["--keep-history"] : []),
        ...timeoutArguments(args.timeoutSeconds, args.wait),
        ...(args.dryRun ? ["--dry-run"] : []),
      ],
    });
    const before = await releaseObjects(kube, latest.manifest, args.namespace, signal);
    const change = manifestChange(args.dryRun, before, before.filter(kept));
    const verb = args.dryRun ? "Dry run: would uninstall" : "Uninstalled";
    const summary = `${verb} Helm ${subject} (revision ${latest.revision}, chart ${chartLabel(latest)}): ${describeChanges(change.objects, { one: "is removed", many: "are removed" })}.`;
    return {
      summary,
      data: {
        ...change,
        release: args.release,
        namespace: args.namespace,
        previousRevision: latest.revision,
        status: args.dryRun ? latest.status : args.keepHistory ? "uninstalled" : "removed",
        chart: chartLabel(latest),
      },
    };
  },
});
