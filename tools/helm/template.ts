// helm_template: renders a chart locally (helm template, no cluster access) and returns the objects,
// Secret values masked. Read-only: nothing is sent to the cluster.
import { z } from "zod";
import { objectKey } from "../kubernetes/diff.ts";
import { defineTool } from "../registry.ts";
import { redactSecrets } from "../shared/redact.ts";
import { requireHelmBackend } from "./backend.ts";
import { resolveChart } from "./chart-source.ts";
import { combineValues, secretsOf, valuesArguments } from "./helm-change.ts";
import { chartReference, chartVersion, helmValues, setPairs } from "./helm-inputs.ts";
import { runHelm } from "./helm-runner.ts";
import { describeRelease, releaseReference, releaseTargets } from "./read-inputs.ts";
import { parseManifest } from "./release-manifest.ts";

const defaultLimit = 100;
const maxLimit = 500;

export const helmTemplateTool = defineTool({
  name: "helm_template",
  title: "Render a Helm chart",
  description:
    "Renders a chart with values like `helm template`, without contacting the cluster, and returns the objects it " +
    "would create (Secret values masked) with their kind/namespace/name keys. Use it to see what a chart produces " +
    "before helm_install or helm_upgrade (those also return a server-validated diff with dryRun: true). " +
    `At most \`limit\` objects (default ${defaultLimit}); truncated: true says more exist.`,
  family: "helm",
  input: z.object({
    ...releaseReference,
    chart: chartReference,
    version: chartVersion.optional(),
    values: helmValues,
    set: setPairs,
    limit: z
      .number()
      .int()
      .min(1)
      .max(maxLimit)
      .default(defaultLimit)
      .describe(`At most this many objects (max ${maxLimit})`),
  }),
  output: z.object({
    release: z.string(),
    namespace: z.string(),
    keys: z.array(z.string()),
    objects: z.array(z.record(z.string(), z.unknown())),
    truncated: z.boolean(),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  targets: releaseTargets,
  async handler(args, { kube, signal, helm }) {
    const backend = requireHelmBackend("helm_template", helm);
    const chart = await resolveChart(backend, args.chart, args.version);
    const values = combineValues(args.values, args.set);
    const valuesFile = await valuesArguments(kube, values);
    let stdout: string;
    try {
      stdout = await runHelm({
        backend,
        kube,
        signal,
        cluster: false,
        what: `render chart ${args.chart} for Helm ${describeRelease(args.release, args.namespace)}`,
        secrets: secretsOf(values),
        args: ["template", args.release, ...chart.args, "--namespace", args.namespace, ...valuesFile.args],
      });
    } finally {
      await valuesFile.cleanup();
    }
    // Rendered offline there is no discovery to ask which kinds are namespaced; objects keep the
    // namespace the chart wrote, which is what `helm template` prints too.
    const all = parseManifest(stdout);
    const objects = all.slice(0, args.limit);
    const summary = `Chart ${args.chart} renders ${all.length} object${all.length === 1 ? "" : "s"} for Helm ${describeRelease(args.release, args.namespace)}${all.length > objects.length ? `, showing the first ${objects.length}` : ""}.`;
    return {
      summary,
      data: {
        release: args.release,
        namespace: args.namespace,
        keys: objects.map(objectKey),
        objects: redactSecrets(objects),
        truncated: all.length > objects.length,
      },
    };
  },
});
