// The scheduler and kubelet of the emulator's single node. A new Pending pod is bound to the node and
// its containers start "creating"; readyDelayMs later each container either runs (the pod turns Running
// and Ready) or, when its image matches brokenImagePattern, sits in ImagePullBackOff forever. Pods that
// already carry containerStatuses (e.g. seeded by a test) are left exactly as they are.
import { createHash } from "node:crypto";
import type { KubeObject } from "../types.ts";
import { type ControllerContext, type Json, NODE_IP, NODE_NAME, specOf, statusOf } from "./context.ts";
import { KUBELET, recordEvent, SCHEDULER } from "./events.ts";

interface Container {
  name: string;
  image: string;
}

export function podQueueKey(namespace: string | undefined, name: string): string {
  return `Pod/${namespace ?? ""}/${name}`;
}

export function reconcilePod(ctx: ControllerContext, namespace: string | undefined, name: string): void {
  const { pods } = ctx.types;
  let pod = ctx.store.get(pods, namespace, name);
  if (!pod || pod.metadata.deletionTimestamp) return;
  const status = statusOf(pod);
  if (status.containerStatuses !== undefined || (status.phase !== undefined && status.phase !== "Pending"))
    return;

  if (specOf(pod).nodeName === undefined) {
    const bound = ctx.modify(pods, pod, "kube-scheduler", (p) => ({
      ...p,
      spec: { ...specOf(p), nodeName: NODE_NAME },
    }));
    if (!bound) return;
    pod = bound;
  }
  const now = ctx.now();
  const containers = containersOf(pod, "containers");
  const initContainers = containersOf(pod, "initContainers");
  const creating: Json = {
    ...status,
    phase: "Pending",
    conditions: [
      condition("PodReadyToStartContainers", "False", now),
      condition("Initialized", initContainers.length > 0 ? "False" : "True", now),
      notReady("Ready", containers, now),
      notReady("ContainersReady", containers, now),
      condition("PodScheduled", "True", now),
    ],
    hostIP: NODE_IP,
    hostIPs: [{ ip: NODE_IP }],
    startTime: now,
    containerStatuses: containers.map((c) => waiting(c, "ContainerCreating")),
  };
  if (initContainers.length > 0)
    creating.initContainerStatuses = initContainers.map((c) => waiting(c, "PodInitializing"));
  const created = ctx.modifyStatus(pods, pod, "kubelet", () => creating);
  if (!created) return;

  recordEvent(ctx, created, {
    type: "Normal",
    reason: "Scheduled",
    message: `Successfully assigned ${namespace}/${name} to ${NODE_NAME}`,
    source: SCHEDULER,
  });
  for (const container of [...initContainers, ...containers]) {
    recordEvent(ctx, created, {
      type: "Normal",
      reason: "Pulling",
      message: `Pulling image "${container.image}"`,
      source: KUBELET,
      fieldPath: fieldPath(pod, container),
    });
  }
  const uid = created.metadata.uid ?? "";
  ctx.after(`pod-start/${uid}`, ctx.options.readyDelayMs, `${podQueueKey(namespace, name)}/start`, () =>
    startPod(ctx, namespace, name, uid),
  );
}

/** readyDelayMs after creation: pull images and run containers, or fail to pull a broken image. */
function startPod(ctx: ControllerContext, namespace: string | undefined, name: string, uid: string): void {
  const { pods } = ctx.types;
  const pod = ctx.store.get(pods, namespace, name);
  if (!pod || pod.metadata.uid !== uid || pod.metadata.deletionTimestamp) return;
  const status = statusOf(pod);
  if (status.phase !== "Pending" || status.podIP !== undefined) return;

  const now = ctx.now();
  const broken = (c: Container) => ctx.options.brokenImagePattern.test(c.image);
  const initContainers = containersOf(pod, "initContainers");
  const containers = containersOf(pod, "containers");
  const brokenInit = initContainers.find(broken);
  const podIp = ctx.allocatePodIp();
  const next: Json = { ...status, podIP: podIp, podIPs: [{ ip: podIp }] };

  if (initContainers.length > 0) {
    const brokenAt = brokenInit ? initContainers.indexOf(brokenInit) : initContainers.length;
    next.initContainerStatuses = initContainers.map((c, index) =>
      index < brokenAt
        ? completed(c, now)
        : index === brokenAt
          ? imagePullBackOff(c)
          : waiting(c, "PodInitializing"),
    );
  }
  const runs = (c: Container) => !brokenInit && !broken(c);
  next.containerStatuses = containers.map((c) =>
    brokenInit ? waiting(c, "PodInitializing") : runs(c) ? running(c, now) : imagePullBackOff(c),
  );
  const allRunning = containers.every(runs);
  next.phase = allRunning ? "Running" : "Pending";
  next.conditions = [
    condition("PodReadyToStartContainers", "True", now),
    condition("Initialized", brokenInit ? "False" : "True", now),
    allRunning
      ? condition("Ready", "True", now)
      : notReady(
          "Ready",
          containers.filter((c) => !runs(c)),
          now,
        ),
    allRunning
      ? condition("ContainersReady", "True", now)
      : notReady(
          "ContainersReady",
          containers.filter((c) => !runs(c)),
          now,
        ),
    condition("PodScheduled", "True", now),
  ];
  const started = ctx.modifyStatus(pods, pod, "kubelet", () => next);
  if (!started) return;

  const attempted = brokenInit
    ? initContainers.slice(0, initContainers.indexOf(brokenInit) + 1)
    : [...initContainers, ...containers];
  for (const container of attempted) {
    const at = fieldPath(pod, container);
    if (broken(container)) {
      for (const [type, reason, message] of [
        ["Warning", "Failed", `Failed to pull image "${container.image}": ${pullError(container.image)}`],
        ["Warning", "Failed", "Error: ErrImagePull"],
        ["Normal", "BackOff", `Back-off pulling image "${container.image}"`],
        ["Warning", "Failed", "Error: ImagePullBackOff"],
      ] as const) {
        recordEvent(ctx, started, { type, reason, message, source: KUBELET, fieldPath: at });
      }
      continue;
    }
    for (const [reason, message] of [
      ["Pulled", `Successfully pulled image "${container.image}" in ${ctx.options.readyDelayMs}ms`],
      ["Created", `Created container: ${container.name}`],
      ["Started", `Started container ${container.name}`],
    ] as const) {
      recordEvent(ctx, started, { type: "Normal", reason, message, source: KUBELET, fieldPath: at });
    }
  }
}

export function isPodReady(pod: KubeObject): boolean {
  const conditions = (statusOf(pod).conditions ?? []) as Json[];
  return conditions.some((c) => c.type === "Ready" && c.status === "True");
}

function containersOf(pod: KubeObject, field: "containers" | "initContainers"): Container[] {
  const list = specOf(pod)[field];
  if (!Array.isArray(list)) return [];
  return list.map((c: Json) => ({ name: String(c.name ?? ""), image: String(c.image ?? "") }));
}

function fieldPath(pod: KubeObject, container: Container): string {
  const isInit = containersOf(pod, "initContainers").some((c) => c.name === container.name);
  return `spec.${isInit ? "initContainers" : "containers"}{${container.name}}`;
}

function condition(type: string, status: "True" | "False", now: string): Json {
  return { type, status, lastProbeTime: null, lastTransitionTime: now };
}

function notReady(type: string, unready: Container[], now: string): Json {
  return {
    ...condition(type, "False", now),
    reason: "ContainersNotReady",
    message: `containers with unready status: [${unready.map((c) => c.name).join(" ")}]`,
  };
}

function waiting(container: Container, reason: string): Json {
  return {
    name: container.name,
    image: container.image,
    imageID: "",
    ready: false,
    restartCount: 0,
    started: false,
    state: { waiting: { reason } },
    lastState: {},
  };
}

function imagePullBackOff(container: Container): Json {
  return {
    ...waiting(container, "ImagePullBackOff"),
    state: {
      waiting: {
        reason: "ImagePullBackOff",
        message: `Back-off pulling image "${container.image}": ErrImagePull: ${pullError(container.image)}`,
      },
    },
  };
}

function running(container: Container, now: string): Json {
  return {
    name: container.name,
    image: container.image,
    imageID: `${container.image.split(":")[0]}@sha256:${sha256(container.image)}`,
    containerID: `containerd://${sha256(`${container.name}/${now}/${Math.random()}`)}`,
    ready: true,
    restartCount: 0,
    started: true,
    state: { running: { startedAt: now } },
    lastState: {},
  };
}

function completed(container: Container, now: string): Json {
  return {
    ...running(container, now),
    ready: true,
    started: false,
    state: { terminated: { exitCode: 0, reason: "Completed", startedAt: now, finishedAt: now } },
  };
}

function pullError(image: string): string {
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
