// k8s_apply: server-side apply of manifests as field manager `skyflo`, or its dry run.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { namespaceName } from "../shared/validation.ts";
import { applyManifests, fieldManager } from "./apply-manifests.ts";
import { manifestsInput, manifestTargets, parseManifests } from "./manifests.ts";
import { dryRunInput, mutationOutput, mutationResult } from "./mutation.ts";

export const applyTool = defineTool({
  name: "k8s_apply",
  title: "Apply manifests",
  description: `Creates or updates objects of any kind (CRDs included) by server-side apply with field manager ${fieldManager}, like kubectl apply --server-side. Takes YAML text with one or more documents, or an array of objects (at most 50 objects, 1 MiB); each needs apiVersion, kind and metadata.name. Objects without metadata.namespace use the namespace argument; a different namespace in an object is refused. Objects are applied in order (put a Namespace before the objects in it); the first failure stops the call and the error lists what was already applied. When another field manager owns a field the manifest sets to a different value (kubectl edit/scale, a controller, or "before-first-apply" for objects never applied server-side) the call fails naming the field and the manager; force: true takes ownership. dryRun: true changes nothing and returns the diff. Returns a unified diff per object.`,
  family: "kubernetes",
  input: z.strictObject({
    manifests: manifestsInput,
    namespace: namespaceName.optional().describe("Namespace for objects that do not set metadata.namespace"),
    force: z
      .boolean()
      .default(false)
      .describe("Take ownership of fields other field managers own (overrides their values)"),
    dryRun: dryRunInput,
  }),
  output: mutationOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  targets: (args) => manifestTargets(args.manifests, args.namespace),
  async handler(args, context) {
    const manifests = parseManifests(args.manifests);
    const pairs = await applyManifests(context, manifests, {
      namespace: args.namespace,
      dryRun: args.dryRun,
      force: args.force,
      action: "apply",
    });
    const result = mutationResult(args.dryRun, pairs);
    const created = pairs.filter(([before]) => before === undefined).length;
    const changedKeys = result.objects.filter((o) => o.changed).map((o) => o.key);
    const verb = args.dryRun ? "Dry run: would change" : "Changed";
    return {
      summary: result.changed
        ? `${verb} ${changedKeys.length} of ${pairs.length} object${pairs.length === 1 ? "" : "s"}${created ? ` (${created} new)` : ""}: ${changedKeys.join(", ")}.`
        : `${args.dryRun ? "Dry run: " : ""}No changes: all ${pairs.length} object${pairs.length === 1 ? " already matches" : "s already match"} the manifests.`,
      data: result,
    };
  },
});
