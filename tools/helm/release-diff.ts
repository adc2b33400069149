// The per-object diff of a Helm change, keyed kind/namespace/name as helm-diff does: the objects of
// the release's current manifest against the objects of the manifest that would be (or was)
// applied. Objects only on the left are removed, only on the right added. Secret values masked.
import { diffObjects, objectKey } from "../kubernetes/diff.ts";
import type { MutationOutput } from "../kubernetes/mutation.ts";
import type { KubeObject } from "../kubernetes/object-rest.ts";

export function manifestChange(dryRun: boolean, before: KubeObject[], after: KubeObject[]): MutationOutput {
  const previous = new Map(before.map((object) => [objectKey(object), object]));
  const next = new Map(after.map((object) => [objectKey(object), object]));
  const objects = [
    ...[...next].map(([key, object]) => diffObjects(previous.get(key), object)),
    ...[...previous].filter(([key]) => !next.has(key)).map(([, object]) => diffObjects(object, undefined)),
  ];
  return { dryRun, changed: objects.some((o) => o.changed), objects };
}
