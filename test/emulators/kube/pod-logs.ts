// Container logs for pods/log. Content is deterministic (generated from the pod and container) unless
// a test sets it through an annotation on the pod:
//   kube-emulator.skyflo.dev/log               the log of every container
//   kube-emulator.skyflo.dev/log.<container>   the log of one container (wins over the above)
//   kube-emulator.skyflo.dev/previous-log[.<container>]  what `previous=true` returns
import { badRequest } from "./errors.ts";
import type { KubeObject } from "./types.ts";

export const logAnnotation = "kube-emulator.skyflo.dev/log";
export const previousLogAnnotation = "kube-emulator.skyflo.dev/previous-log";

export interface PodLogOptions {
  container?: string;
  previous?: boolean;
  tailLines?: number;
  limitBytes?: number;
  timestamps?: boolean;
}

interface ContainerInfo {
  name: string;
  image: string;
}

function containersOf(pod: KubeObject, field: "containers" | "initContainers"): ContainerInfo[] {
  const list = ((pod.spec ?? {}) as Record<string, unknown>)[field];
  if (!Array.isArray(list)) return [];
  return list.map((c) => ({ name: String(c?.name ?? ""), image: String(c?.image ?? "") }));
}

function pickContainer(pod: KubeObject, requested: string | undefined): ContainerInfo {
  const name = pod.metadata.name ?? "";
  const containers = containersOf(pod, "containers");
  const initContainers = containersOf(pod, "initContainers");
  if (requested === undefined || requested === "") {
    const only = containers[0];
    if (containers.length === 1 && only) return only;
    const init = initContainers.length
      ? ` or one of the init containers: [${initContainers.map((c) => c.name).join(" ")}]`
      : "";
    throw badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(" ")}]${init}`,
    );
  }
  const found = [...containers, ...initContainers].find((c) => c.name === requested);
  if (!found) throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return found;
}

function waitingReason(pod: KubeObject, container: string): string | undefined {
  const status = (pod.status ?? {}) as { containerStatuses?: unknown; initContainerStatuses?: unknown };
  const statuses = [status.containerStatuses, status.initContainerStatuses].flatMap((s) =>
    Array.isArray(s) ? s : [],
  );
  const mine = statuses.find((s) => s?.name === container) as
    | { state?: { waiting?: { reason?: string } } }
    | undefined;
  return mine?.state?.waiting ? (mine.state.waiting.reason ?? "ContainerCreating") : undefined;
}

function generatedLog(pod: KubeObject, container: ContainerInfo): string {
  const where = `${pod.metadata.namespace ?? "default"}/${pod.metadata.name ?? ""}`;
  return [
    `[${where}:${container.name}] pulled image ${container.image}`,
    `[${where}:${container.name}] started container ${container.name}`,
    `[${where}:${container.name}] ready`,
  ].join("\n");
}

function withTimestamps(lines: string[], since: string | undefined): string[] {
  const base = since ? Date.parse(since) : 0;
  return lines.map((line, i) => `${new Date(base + i * 1000).toISOString().replace("Z", "000000Z")} ${line}`);
}

/** The log text a real kubelet would stream for this pod and these options; throws 400 like the server. */
export function podLog(pod: KubeObject, options: PodLogOptions = {}): string {
  const container = pickContainer(pod, options.container);
  const annotations = pod.metadata.annotations ?? {};
  const podName = pod.metadata.name ?? "";
  let text: string | undefined;
  if (options.previous) {
    text = annotations[`${previousLogAnnotation}.${container.name}`] ?? annotations[previousLogAnnotation];
    if (text === undefined) {
      throw badRequest(`previous terminated container "${container.name}" in pod "${podName}" not found`);
    }
  } else {
    const waiting = waitingReason(pod, container.name);
    if (waiting !== undefined) {
      const why = /ImagePull|ErrImage/.test(waiting) ? "trying and failing to pull image" : waiting;
      throw badRequest(`container "${container.name}" in pod "${podName}" is waiting to start: ${why}`);
    }
    text =
      annotations[`${logAnnotation}.${container.name}`] ??
      annotations[logAnnotation] ??
      generatedLog(pod, container);
  }
  let lines = text === "" ? [] : text.replace(/\n$/, "").split("\n");
  if (options.tailLines !== undefined) lines = options.tailLines === 0 ? [] : lines.slice(-options.tailLines);
  if (options.timestamps) lines = withTimestamps(lines, pod.metadata.creationTimestamp);
  let out = lines.map((line) => `${line}\n`).join("");
  if (options.limitBytes !== undefined)
    out = Buffer.from(out).subarray(0, options.limitBytes).toString("utf8");
  return out;
}
