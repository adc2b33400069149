// ControllerRevisions of StatefulSets and DaemonSets: one per distinct pod template, named
// `<owner>-<hash>`, numbered like Deployment revisions (a template seen before is re-used and renumbered),
// so `kubectl rollout history sts/ds` has something to show.
import { isDeepStrictEqual } from "node:util";
import type { KubeObject, ResourceType } from "../types.ts";
import { type ControllerContext, controllerReference, type Json, specOf } from "./context.ts";
import { podTemplateHash } from "./pod-template-hash.ts";

export const CONTROLLER_REVISION_HASH = "controller-revision-hash";

/** Ensures the ControllerRevision for the owner's current template; returns its name (the revision hash label). */
export function ensureCurrentRevision(
  ctx: ControllerContext,
  owner: KubeObject,
  ownerType: ResourceType,
): string {
  const { controllerRevisions } = ctx.types;
  const template = specOf(owner).template ?? {};
  const name = `${owner.metadata.name}-${podTemplateHash(template)}`;
  const data = { spec: { template: { ...(template as Json), $patch: "replace" } } };
  const revisions = ctx.controlledBy(controllerRevisions, owner);
  const newest = Math.max(0, ...revisions.map((r) => Number(r.revision ?? 0)));
  const existing = revisions.find((r) => r.metadata.name === name);
  if (!existing) {
    const selectorLabels = ((specOf(owner).selector as Json | undefined)?.matchLabels ?? {}) as Record<
      string,
      string
    >;
    ctx.create(
      controllerRevisions,
      {
        apiVersion: "apps/v1",
        kind: "ControllerRevision",
        metadata: {
          name,
          namespace: owner.metadata.namespace,
          labels: { ...selectorLabels, [CONTROLLER_REVISION_HASH]: name.slice(name.lastIndexOf("-") + 1) },
          ownerReferences: [controllerReference(owner, ownerType)],
        },
        data,
        revision: newest + 1,
      },
      "kube-controller-manager",
    );
  } else if (Number(existing.revision ?? 0) < newest || !isDeepStrictEqual(existing.data, data)) {
    ctx.modify(controllerRevisions, existing, "kube-controller-manager", (current) => ({
      ...current,
      data,
      revision: Number(current.revision ?? 0) < newest ? newest + 1 : current.revision,
    }));
  }
  return name;
}
