// helm install and helm upgrade share everything but the verb: resolve the chart, write the
// values file, run helm with -o json (and --dry-run=server for a dry run), and diff the release's
// current manifest against the manifest helm answered with.
import { z } from "zod";
import { dryRunInput } from "../kubernetes/mutation.ts";
import type { ToolContext } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import { requireHelmBackend } from "./backend.ts";
import { resolveChart } from "./chart-source.ts";
import {
  baselineOf,
  combineValues,
  describeChanges,
  type HelmChangeOutput,
  parseHelmAnswer,
  secretsOf,
  timeoutArguments,
  valuesArguments,
} from "./helm-change.ts";
import {
  chartReference,
  chartVersion,
  helmTimeoutSeconds,
  helmValues,
  setPairs,
  waitInput,
} from "./helm-inputs.ts";
import { runHelm } from "./helm-runner.ts";
import { describeRelease, releaseReference } from "./read-inputs.ts";
import { manifestChange } from "./release-diff.ts";
import { releaseObjects } from "./release-manifest.ts";
import { readReleaseHistory } from "./release-store.ts";

export const chartChangeInput = {
  ...releaseReference,
  chart: chartReference,
  version: chartVersion.optional(),
  values: helmValues,
  set: setPairs,
  wait: waitInput,
  timeoutSeconds: helmTimeoutSeconds,
  dryRun: dryRunInput,
};

const chartChangeSchema = z.object({
  ...chartChangeInput,
  reuseValues: z.boolean().default(false),
});

type ChartChangeArgs = z.output<typeof chartChangeSchema>;

export async function changeChart(
  mode: "install" | "upgrade",
  args: ChartChangeArgs,
  { kube, signal, helm }: ToolContext,
): Promise<{ summary: string; data: HelmChangeOutput }> {
  const tool = `helm_${mode}`;
  const backend = requireHelmBackend(tool, helm);
  const subject = describeRelease(args.release, args.namespace);
  const history = await readReleaseHistory(kube, args.namespace, args.release, signal);
  const latest = history[0];
  if (mode === "install" && latest) {
    throw new ToolError(
      `Cannot install Helm ${subject}: it already exists (revision ${latest.revision}, ${latest.status}).`,
      "Use helm_upgrade to change it, or helm_uninstall it first.",
    );
  }
  if (mode === "upgrade" && (!latest || latest.status === "uninstalled")) {
    throw new ToolError(
      `Cannot upgrade Helm ${subject}: it ${latest ? "was uninstalled" : "does not exist"}.`,
      "Use helm_install to create it; check the name and namespace with helm_list.",
    );
  }
  const chart = await resolveChart(backend, args.chart, args.version);
  const values = combineValues(args.values, args.set);
  const valuesFile = await valuesArguments(kube, values);
  const what = `${mode} Helm ${subject}`;
  let stdout: string;
  try {
    stdout = await runHelm({
      backend,
      kube,
      signal,
      what,
      secrets: secretsOf(values),
      args: [
        mode,
        args.release,
        ...chart.args,
        "--namespace",
        args.namespace,
        ...valuesFile.args,
        ...(mode === "upgrade" && args.reuseValues ? ["--reset-then-reuse-values"] : []),
        ...timeoutArguments(args.timeoutSeconds, args.wait),
        ...(args.dryRun ? ["--dry-run=server"] : []),
        "--output",
        "json",
      ],
    });
  } finally {
    await valuesFile.cleanup();
  }
  const answer = parseHelmAnswer(stdout, what);
  const baseline = baselineOf(history);
  const before = baseline ? await releaseObjects(kube, baseline.manifest, args.namespace, signal) : [];
  const after = await releaseObjects(kube, answer.manifest, args.namespace, signal);
  const change = manifestChange(args.dryRun, before, after);
  const revision = answer.revision ?? (latest ? latest.revision + 1 : 1);
  const verb = args.dryRun ? `Dry run: would ${mode}` : mode === "install" ? "Installed" : "Upgraded";
  const chartText = answer.chart ?? args.chart;
  const summary = `${verb} Helm ${subject} with chart ${chartText} as revision ${revision}${args.dryRun ? "" : ` (${answer.status})`}: ${describeChanges(change.objects)}.`;
  return {
    summary,
    data: {
      ...change,
      release: args.release,
      namespace: args.namespace,
      revision,
      ...(latest ? { previousRevision: latest.revision } : {}),
      status: answer.status,
      ...(answer.chart ? { chart: answer.chart } : {}),
    },
  };
}
