// helm_history: a release's revisions, newest first, from Helm's release records.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { chartLabel, describeRelease, releaseReference, releaseTargets } from "./read-inputs.ts";
import { readReleaseHistory, releaseNotFound } from "./release-store.ts";

const defaultLimit = 20;
const maxLimit = 256;

export const helmHistoryTool = defineTool({
  name: "helm_history",
  title: "Show a Helm release's history",
  description:
    "Lists the revisions of a Helm release like `helm history`, newest first: revision, status, chart, app " +
    'version, when it was deployed and its description (e.g. "Upgrade complete", "Rollback to 2"). ' +
    "currentRevision is the newest deployed revision. Use it before helm_rollback to pick a revision. " +
    `At most \`limit\` revisions (default ${defaultLimit}); truncated: true says older ones exist. No helm binary needed.`,
  family: "helm",
  input: z.object({
    ...releaseReference,
    limit: z
      .number()
      .int()
      .min(1)
      .max(maxLimit)
      .default(defaultLimit)
      .describe(`At most this many revisions (max ${maxLimit})`),
  }),
  output: z.object({
    release: z.string(),
    namespace: z.string(),
    currentRevision: z.number().int().optional().describe("The newest revision whose status is deployed"),
    latestRevision: z.number().int(),
    revisions: z.array(
      z.object({
        revision: z.number().int(),
        status: z.string(),
        chart: z.string(),
        appVersion: z.string().optional(),
        updated: z.string().optional(),
        description: z.string(),
      }),
    ),
    truncated: z.boolean(),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  targets: releaseTargets,
  async handler(args, { kube, signal }) {
    const history = await readReleaseHistory(kube, args.namespace, args.release, signal);
    const latest = history[0];
    if (!latest) throw releaseNotFound(args.release, args.namespace);
    const current = history.find((release) => release.status === "deployed");
    const revisions = history.slice(0, args.limit).map((release) => ({
      revision: release.revision,
      status: release.status,
      chart: chartLabel(release),
      ...(release.chart.appVersion ? { appVersion: release.chart.appVersion } : {}),
      ...(release.lastDeployed ? { updated: release.lastDeployed } : {}),
      description: release.description,
    }));
    const summary = `Helm ${describeRelease(args.release, args.namespace)} has ${history.length} revision${history.length === 1 ? "" : "s"}; ${current ? `revision ${current.revision} is deployed` : "none is deployed"} (newest: ${latest.revision}, ${latest.status}).`;
    return {
      summary,
      data: {
        release: args.release,
        namespace: args.namespace,
        ...(current ? { currentRevision: current.revision } : {}),
        latestRevision: latest.revision,
        revisions,
        truncated: history.length > revisions.length,
      },
    };
  },
});
