// k8s_diff: what applying manifests would change, like `kubectl diff --server-side`: each object
// is applied as a server-side dry run and diffed against the live object (or against nothing).
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { namespaceName } from "../shared/validation.ts";
import { applyManifests, fieldManager } from "./apply-manifests.ts";
import { manifestsInput, manifestTargets, parseManifests } from "./manifests.ts";
import { mutationResult, objectChange } from "./mutation.ts";

export const diffManifestsTool = defineTool({
  name: "k8s_diff",
  title: "Diff manifests against the cluster",
  description: `Shows what k8s_apply would change without changing anything: each object in the manifests is applied as a server-side dry run (field manager ${fieldManager}) and a unified YAML diff against the live object is returned (a new object diffs against empty). Takes YAML text with one or more documents, or an array of objects (at most 50 objects, 1 MiB); each needs apiVersion, kind and metadata.name. Objects without metadata.namespace use the namespace argument; a different namespace in an object is refused. Field-ownership conflicts are reported as errors unless force: true. Secret values are masked in diffs. Read-only.`,
  family: "kubernetes",
  input: z.strictObject({
    manifests: manifestsInput,
    namespace: namespaceName.optional().describe("Namespace for objects that do not set metadata.namespace"),
    force: z
      .boolean()
      .default(false)
      .describe("Diff as an apply with force: true would (taking ownership of fields other managers own)"),
  }),
  output: z.object({
    changed: z.boolean().describe("Whether applying would change any object"),
    objects: z.array(objectChange),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  targets: (args) => manifestTargets(args.manifests, args.namespace),
  async handler(args, context) {
    const manifests = parseManifests(args.manifests);
    const pairs = await applyManifests(context, manifests, {
      namespace: args.namespace,
      dryRun: true,
      force: args.force,
      action: "diff",
    });
    const { changed, objects } = mutationResult(true, pairs);
    const changes = objects.filter((o) => o.changed).length;
    return {
      summary: changed
        ? `${changes} of ${objects.length} object${objects.length === 1 ? "" : "s"} would change: ${objects
            .filter((o) => o.changed)
            .map((o) => o.key)
            .join(", ")}.`
        : `No changes: all ${objects.length} object${objects.length === 1 ? " matches" : "s match"} the cluster.`,
      data: { changed, objects },
    };
  },
});
