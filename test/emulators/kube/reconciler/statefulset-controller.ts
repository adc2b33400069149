// StatefulSet → Pods `<name>-0 … <name>-(n-1)`, labelled with their revision. Simplified from the real
// controller: missing pods are created all at once (as with podManagementPolicy Parallel) and pods of an
// old revision are all replaced at once (no one-at-a-time ordered rolling update, no partitions, no PVCs).
// Status reports replicas/ready/current/updated counts and currentRevision/updateRevision, which is what
// `kubectl rollout status sts` checks.
import type { KubeObject } from "../types.ts";
import { type ControllerContext, numberField, specOf, statusOf, withoutZeros } from "./context.ts";
import { CONTROLLER_REVISION_HASH, ensureCurrentRevision } from "./controller-revisions.ts";
import { recordEvent, STATEFULSET_CONTROLLER } from "./events.ts";
import { podFromTemplate } from "./pod-factory.ts";
import { isPodReady } from "./pod-lifecycle.ts";

const MANAGER = "kube-controller-manager";

export function reconcileStatefulSet(
  ctx: ControllerContext,
  namespace: string | undefined,
  name: string,
): void {
  const { statefulSets, pods } = ctx.types;
  const sts = ctx.store.get(statefulSets, namespace, name);
  if (!sts || sts.metadata.deletionTimestamp) return;
  const replicas = numberField(specOf(sts), "replicas", 1);
  const updateRevision = ensureCurrentRevision(ctx, sts, statefulSets);
  const owned = ctx.controlledBy(pods, sts);

  for (const pod of owned) {
    const ordinal = ordinalOf(pod, name);
    const outdated = pod.metadata.labels?.[CONTROLLER_REVISION_HASH] !== updateRevision;
    if (ordinal === undefined || ordinal >= replicas || outdated) {
      ctx.delete(pods, pod);
      recordEvent(ctx, sts, {
        type: "Normal",
        reason: "SuccessfulDelete",
        message: `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`,
        source: STATEFULSET_CONTROLLER,
      });
    }
  }
  const present = new Set(ctx.controlledBy(pods, sts).map((pod) => pod.metadata.name));
  for (let ordinal = 0; ordinal < replicas; ordinal++) {
    const podName = `${name}-${ordinal}`;
    if (present.has(podName)) continue;
    const pod = podFromTemplate(sts, statefulSets, {
      name: podName,
      extraLabels: {
        [CONTROLLER_REVISION_HASH]: updateRevision,
        "statefulset.kubernetes.io/pod-name": podName,
        "apps.kubernetes.io/pod-index": String(ordinal),
      },
      extraSpec: {
        hostname: podName,
        ...(specOf(sts).serviceName ? { subdomain: specOf(sts).serviceName } : {}),
      },
    });
    try {
      ctx.create(pods, pod, MANAGER);
    } catch {
      continue; // a same-named pod from before is still there; the next pass replaces it
    }
    recordEvent(ctx, sts, {
      type: "Normal",
      reason: "SuccessfulCreate",
      message: `create Pod ${podName} in StatefulSet ${name} successful`,
      source: STATEFULSET_CONTROLLER,
    });
  }

  const current = ctx.controlledBy(pods, sts);
  const ready = current.filter(isPodReady);
  const updated = current.filter((pod) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === updateRevision);
  const previous = statusOf(sts);
  const rolledOut = updated.length === replicas && ready.length === replicas && current.length === replicas;
  const currentRevision =
    rolledOut || !previous.currentRevision ? updateRevision : String(previous.currentRevision);
  const status = withoutZeros(
    {
      observedGeneration: sts.metadata.generation ?? 1,
      replicas: current.length,
      readyReplicas: ready.length,
      currentReplicas: current.filter(
        (pod) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === currentRevision,
      ).length,
      updatedReplicas: updated.length,
      availableReplicas: ready.length,
      currentRevision,
      updateRevision,
      collisionCount: 0,
    },
    ["readyReplicas", "currentReplicas", "updatedReplicas"],
  );
  ctx.modifyStatus(statefulSets, sts, MANAGER, () => status);
}

function ordinalOf(pod: KubeObject, stsName: string): number | undefined {
  const match = new RegExp(`^${stsName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-(\\d+)$`).exec(
    pod.metadata.name ?? "",
  );
  return match ? Number(match[1]) : undefined;
}
