// DaemonSet → one pod on the emulator's single node (node selectors, taints and tolerations are not
// modelled); a pod of an old template is replaced at once. Status reports desired/current/updated/
// ready/available counts, which is what `kubectl rollout status ds` checks.
import { type ControllerContext, withoutZeros } from "./context.ts";
import { CONTROLLER_REVISION_HASH, ensureCurrentRevision } from "./controller-revisions.ts";
import { DAEMONSET_CONTROLLER, recordEvent } from "./events.ts";
import { podFromTemplate } from "./pod-factory.ts";
import { isPodReady } from "./pod-lifecycle.ts";

const MANAGER = "kube-controller-manager";

export function reconcileDaemonSet(
  ctx: ControllerContext,
  namespace: string | undefined,
  name: string,
): void {
  const { daemonSets, pods } = ctx.types;
  const ds = ctx.store.get(daemonSets, namespace, name);
  if (!ds || ds.metadata.deletionTimestamp) return;
  const revision = ensureCurrentRevision(ctx, ds, daemonSets);
  const hash = revision.slice(revision.lastIndexOf("-") + 1);
  const owned = ctx.controlledBy(pods, ds);

  // Keep at most one pod, of the current template.
  const keep = owned.find((pod) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash);
  for (const pod of owned) {
    if (pod === keep) continue;
    ctx.delete(pods, pod);
    recordEvent(ctx, ds, {
      type: "Normal",
      reason: "SuccessfulDelete",
      message: `Deleted pod: ${pod.metadata.name}`,
      source: DAEMONSET_CONTROLLER,
    });
  }
  if (!keep) {
    const pod = ctx.create(
      pods,
      podFromTemplate(ds, daemonSets, {
        generateName: `${name}-`,
        extraLabels: {
          [CONTROLLER_REVISION_HASH]: hash,
          "pod-template-generation": String(ds.metadata.generation ?? 1),
        },
      }),
      MANAGER,
    );
    recordEvent(ctx, ds, {
      type: "Normal",
      reason: "SuccessfulCreate",
      message: `Created pod: ${pod.metadata.name}`,
      source: DAEMONSET_CONTROLLER,
    });
  }

  const current = ctx.controlledBy(pods, ds);
  const ready = current.filter(isPodReady).length;
  const updated = current.filter((pod) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash).length;
  const status = withoutZeros(
    {
      currentNumberScheduled: current.length,
      desiredNumberScheduled: 1,
      numberMisscheduled: 0,
      numberReady: ready,
      observedGeneration: ds.metadata.generation ?? 1,
      updatedNumberScheduled: updated,
      numberAvailable: ready,
      numberUnavailable: Math.max(0, 1 - ready),
    },
    ["updatedNumberScheduled", "numberAvailable", "numberUnavailable"],
  );
  ctx.modifyStatus(daemonSets, ds, MANAGER, () => status);
}
