// helm_status: one release's newest (or a given) revision: status, chart, times, and the objects
// its manifest holds. Release notes are left out: charts often print credentials in them.
import { z } from "zod";
import { objectKey } from "../kubernetes/diff.ts";
import { defineTool } from "../registry.ts";
import {
  chartLabel,
  describeRelease,
  releaseReference,
  releaseTargets,
  revisionNumber,
} from "./read-inputs.ts";
import { releaseObjects } from "./release-manifest.ts";
import { readLatestRelease, readReleaseRevision } from "./release-store.ts";

const maxObjects = 200;

export const helmStatusTool = defineTool({
  name: "helm_status",
  title: "Show a Helm release's status",
  description:
    "Shows a Helm release like `helm status`: its newest revision (or `revision`), status (deployed, failed, " +
    "pending-upgrade, superseded, …), chart and app version, description, when it was deployed, and the " +
    `objects (kind/namespace/name) its manifest holds, at most ${maxObjects}. Read from Helm's release records; ` +
    "no helm binary. Fails with a sentence when the release or revision does not exist.",
  family: "helm",
  input: z.object({ ...releaseReference, revision: revisionNumber.optional() }),
  output: z.object({
    release: z.string(),
    namespace: z.string(),
    revision: z.number().int(),
    status: z.string(),
    description: z.string(),
    chart: z.string(),
    chartName: z.string(),
    chartVersion: z.string(),
    appVersion: z.string().optional(),
    firstDeployed: z.string().optional(),
    lastDeployed: z.string().optional(),
    objects: z.array(z.string()).describe("kind/namespace/name of each object in the manifest"),
    objectsTruncated: z.boolean(),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  targets: releaseTargets,
  async handler(args, { kube, signal }) {
    const release =
      args.revision === undefined
        ? await readLatestRelease(kube, args.namespace, args.release, signal)
        : await readReleaseRevision(kube, args.namespace, args.release, args.revision, signal);
    const keys = (await releaseObjects(kube, release.manifest, args.namespace, signal)).map(objectKey);
    const summary = `Helm ${describeRelease(args.release, args.namespace)}: revision ${release.revision}, ${release.status}, chart ${chartLabel(release)}${release.chart.appVersion ? ` (app ${release.chart.appVersion})` : ""}.`;
    return {
      summary,
      data: {
        release: release.name,
        namespace: release.namespace,
        revision: release.revision,
        status: release.status,
        description: release.description,
        chart: chartLabel(release),
        chartName: release.chart.name,
        chartVersion: release.chart.version,
        ...(release.chart.appVersion ? { appVersion: release.chart.appVersion } : {}),
        ...(release.firstDeployed ? { firstDeployed: release.firstDeployed } : {}),
        ...(release.lastDeployed ? { lastDeployed: release.lastDeployed } : {}),
        objects: keys.slice(0, maxObjects),
        objectsTruncated: keys.length > maxObjects,
      },
    };
  },
});
