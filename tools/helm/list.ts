// helm_list: the releases in a namespace (or every namespace), newest revision of each, read from
// Helm's release Secrets without the binary.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { namespaceName } from "../shared/validation.ts";
import { chartLabel } from "./read-inputs.ts";
import { listLatestReleases } from "./release-store.ts";

const defaultLimit = 100;
const maxLimit = 500;

export const helmListTool = defineTool({
  name: "helm_list",
  title: "List Helm releases",
  description:
    "Lists Helm releases like `helm list`: name, namespace, revision, status, chart, app version and when it was last " +
    "updated, read directly from Helm's release records (no helm binary). Without a namespace it lists every " +
    "namespace. Uninstalled releases kept with --keep-history are left out unless includeUninstalled is true. " +
    `Returns at most \`limit\` releases (default ${defaultLimit}); truncated: true says more exist.`,
  family: "helm",
  input: z.object({
    namespace: namespaceName.optional().describe("Namespace to list; omit for every namespace"),
    includeUninstalled: z
      .boolean()
      .default(false)
      .describe("Also list releases uninstalled with --keep-history"),
    limit: z
      .number()
      .int()
      .min(1)
      .max(maxLimit)
      .default(defaultLimit)
      .describe(`At most this many releases (max ${maxLimit})`),
  }),
  output: z.object({
    releases: z.array(
      z.object({
        name: z.string(),
        namespace: z.string(),
        revision: z.number().int(),
        status: z.string(),
        chart: z.string().describe("chart name-version, e.g. shop-0.1.0"),
        appVersion: z.string().optional(),
        updated: z.string().optional().describe("When the newest revision was deployed (RFC 3339)"),
      }),
    ),
    total: z.number().int().describe("Releases found before the limit was applied"),
    truncated: z.boolean(),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  targets: (args) => [{ namespace: args.namespace }],
  async handler(args, { kube, signal }) {
    const all = (await listLatestReleases(kube, args.namespace, signal)).filter(
      (release) => args.includeUninstalled || release.status !== "uninstalled",
    );
    const releases = all.slice(0, args.limit).map((release) => ({
      name: release.name,
      namespace: release.namespace,
      revision: release.revision,
      status: release.status,
      chart: chartLabel(release),
      ...(release.chart.appVersion ? { appVersion: release.chart.appVersion } : {}),
      ...(release.lastDeployed ? { updated: release.lastDeployed } : {}),
    }));
    const where = args.namespace ? `namespace "${args.namespace}"` : "all namespaces";
    const truncated = all.length > releases.length;
    const summary =
      all.length === 0
        ? `No Helm releases in ${where}.`
        : `${all.length} Helm release${all.length === 1 ? "" : "s"} in ${where}${truncated ? `, showing the first ${releases.length}` : ""}.`;
    return { summary, data: { releases, total: all.length, truncated } };
  },
});
