// The one result shape of every mutating Kubernetes tool, real or dry run: which objects, whether
// they change, and the reviewable diff. The plan PR and the run record render exactly this.
import { z } from "zod";
import { diffObjects } from "./diff.ts";

export const dryRunInput = z
  .boolean()
  .default(false)
  .describe(
    "When true nothing changes: the API server validates the change as a server-side dry run and the diff is returned.",
  );

export const objectChange = z.object({
  key: z.string().describe("kind/namespace/name"),
  changed: z.boolean(),
  diff: z.string().describe("Unified diff of the object as YAML; Secret values masked; empty when unchanged"),
});

export const mutationOutput = z.object({
  dryRun: z.boolean(),
  changed: z.boolean().describe("Whether any object changes (or would change, in a dry run)"),
  objects: z.array(objectChange),
});

export type MutationOutput = z.infer<typeof mutationOutput>;

type ObjectLike = { metadata?: Record<string, unknown>; [key: string]: unknown };

/** Builds the result from (live before, object after) pairs; `after` undefined means deleted. */
export function mutationResult(
  dryRun: boolean,
  pairs: Array<[ObjectLike | undefined, ObjectLike | undefined]>,
): MutationOutput {
  const objects = pairs.map(([before, after]) => diffObjects(before, after));
  return { dryRun, changed: objects.some((o) => o.changed), objects };
}

/** The `dryRun` query value the API expects. */
export function dryRunQuery(dryRun: boolean): "All" | undefined {
  return dryRun ? "All" : undefined;
}
