// The emulator's controllers: Deployment → ReplicaSet → Pod (with the kubelet's part: pods turn Running
// and Ready after readyDelayMs, or never for broken images), StatefulSets, DaemonSets and the Events they
// record. Everything reacts to store events through one work queue and writes back through the store.
//
// idle() resolves when the queue is empty and nothing is reconciling. Pending timers (a pod's readiness
// delay, a Deployment's progress deadline) are NOT work: idle() does not wait for them, so to wait for a
// rollout, watch or poll the objects.
import type { ObjectStore } from "../store.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import { ControllerContext, controllerOf, type ReconcilerOptions } from "./context.ts";
import { reconcileDaemonSet } from "./daemonset-controller.ts";
import { type ProgressTracker, reconcileDeployment } from "./deployment-controller.ts";
import { reconcilePod } from "./pod-lifecycle.ts";
import { reconcileReplicaSet } from "./replicaset-controller.ts";
import { startRolloutController } from "./rollout-controller.ts";
import { reconcileStatefulSet } from "./statefulset-controller.ts";
import { WorkQueue } from "./work-queue.ts";

export type { ReconcilerOptions } from "./context.ts";

export interface Reconciler {
  /** Stops reacting to the store and clears every timer; queued work is dropped. */
  stop(): void;
  /** Resolves when no work is queued or running (timers still pending do not count). */
  idle(): Promise<void>;
}

type Controller = "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "Pod";

export function startReconciler(store: ObjectStore, options: ReconcilerOptions): Reconciler {
  const queue = new WorkQueue();
  const ctx = new ControllerContext(store, options, queue);
  const progress: ProgressTracker = {
    lastProgress: new Map(),
    requeueAfter: (deployment, ms) =>
      ctx.after(`deadline/${deployment.metadata.uid}`, ms + 5, key("Deployment", deployment), () =>
        reconcileDeployment(ctx, deployment.metadata.namespace, deployment.metadata.name ?? "", progress),
      ),
    cancel: (deployment) => ctx.cancel(`deadline/${deployment.metadata.uid}`),
  };

  const enqueue = (controller: Controller, namespace: string | undefined, name: string) => {
    queue.add(`${controller}/${namespace ?? ""}/${name}`, () => {
      if (controller === "Deployment") reconcileDeployment(ctx, namespace, name, progress);
      else if (controller === "ReplicaSet") reconcileReplicaSet(ctx, namespace, name);
      else if (controller === "StatefulSet") reconcileStatefulSet(ctx, namespace, name);
      else if (controller === "DaemonSet") reconcileDaemonSet(ctx, namespace, name);
      else reconcilePod(ctx, namespace, name);
    });
  };
  const enqueueOwner = (object: KubeObject) => {
    const owner = controllerOf(object);
    if (owner && isController(owner.kind) && owner.apiVersion === "apps/v1") {
      enqueue(owner.kind, object.metadata.namespace, owner.name);
    }
  };

  const onEvent = (event: StoreEvent) => {
    const { object, type } = event;
    const { namespace, name = "", uid = "" } = object.metadata;
    const kind = event.resource.kind;
    if (event.resource.group === "apps" && isController(kind)) {
      if (type === "DELETED") {
        if (kind === "Deployment") {
          progress.cancel(object);
          progress.lastProgress.delete(uid);
        }
      } else {
        enqueue(kind, namespace, name);
      }
      if (kind === "ReplicaSet") enqueueOwner(object);
    } else if (event.resource.group === "" && kind === "Pod") {
      if (type === "DELETED") ctx.cancel(`pod-start/${uid}`);
      else enqueue("Pod", namespace, name);
      enqueueOwner(object);
    }
  };
  const rollouts = startRolloutController(ctx); // Argo Rollouts, when the registry serves the CRD
  const unsubscribe = store.subscribe((event) => {
    onEvent(event);
    rollouts?.onEvent(event);
  });

  // Objects that were already in the store (e.g. seeded) are reconciled once at start.
  for (const controller of ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"] as const) {
    const type = store.registry.byKind("apps/v1", controller);
    if (!type) continue;
    for (const item of store.list(type).items)
      enqueue(controller, item.metadata.namespace, item.metadata.name ?? "");
  }
  for (const pod of store.list(ctx.types.pods).items)
    enqueue("Pod", pod.metadata.namespace, pod.metadata.name ?? "");

  return {
    stop() {
      unsubscribe();
      queue.stop();
      ctx.cancelAll();
    },
    idle: () => queue.idle(),
  };
}

function isController(kind: string): kind is "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" {
  return kind === "Deployment" || kind === "ReplicaSet" || kind === "StatefulSet" || kind === "DaemonSet";
}

function key(controller: Controller, object: KubeObject): string {
  return `${controller}/${object.metadata.namespace ?? ""}/${object.metadata.name ?? ""}`;
}
