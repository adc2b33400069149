// helm_get_manifest: the objects a release revision rendered, as objects (not YAML text) so that
// Secret values are masked like in every other output.
import { z } from "zod";
import { objectKey } from "../kubernetes/diff.ts";
import { defineTool } from "../registry.ts";
import { redactSecrets } from "../shared/redact.ts";
import { describeRelease, releaseReference, releaseTargets, revisionNumber } from "./read-inputs.ts";
import { releaseObjects } from "./release-manifest.ts";
import { readLatestRelease, readReleaseRevision } from "./release-store.ts";

const defaultLimit = 100;
const maxLimit = 500;

export const helmGetManifestTool = defineTool({
  name: "helm_get_manifest",
  title: "Show a Helm release's manifest",
  description:
    "Shows the Kubernetes objects a Helm release rendered, like `helm get manifest` (hooks excluded), as a list of " +
    "objects with their namespace filled in; Secret values are masked. Newest revision unless `revision` is given. " +
    `At most \`limit\` objects (default ${defaultLimit}); truncated: true says more exist. No helm binary needed.`,
  family: "helm",
  input: z.object({
    ...releaseReference,
    revision: revisionNumber.optional(),
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
    revision: z.number().int(),
    keys: z.array(z.string()).describe("kind/namespace/name of every returned object"),
    objects: z.array(z.record(z.string(), z.unknown())),
    truncated: z.boolean(),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  targets: releaseTargets,
  async handler(args, { kube, signal }) {
    const release =
      args.revision === undefined
        ? await readLatestRelease(kube, args.namespace, args.release, signal)
        : await readReleaseRevision(kube, args.namespace, args.release, args.revision, signal);
    const all = await releaseObjects(kube, release.manifest, args.namespace, signal);
    const objects = all.slice(0, args.limit);
    const summary = `Manifest of Helm ${describeRelease(args.release, args.namespace)} at revision ${release.revision}: ${all.length} object${all.length === 1 ? "" : "s"}${all.length > objects.length ? `, showing the first ${objects.length}` : ""}.`;
    return {
      summary,
      data: {
        release: args.release,
        namespace: args.namespace,
        revision: release.revision,
        keys: objects.map(objectKey),
        objects: redactSecrets(objects),
        truncated: all.length > objects.length,
      },
    };
  },
});
