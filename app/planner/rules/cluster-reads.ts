// What the rules planner reads from the cluster, through read-only tools only: the target
// workload (or, when it cannot be read, what does exist, to say so), and rollout history.
import type { ToolCaller } from "../../tool-caller.ts";
import type { WorkloadKind, WorkloadTarget } from "./grammar/parsed-request.ts";

export type Read<T> = { ok: true; value: T } | { ok: false; reply: string };

export interface LiveContainer {
  name: string;
  image: string;
  init: boolean;
}

export interface LiveWorkload {
  kind: WorkloadKind;
  name: string;
  namespace: string;
  /** spec.replicas (the API server's default of 1 when unset); undefined for DaemonSets. */
  replicas: number | undefined;
  paused: boolean;
  containers: LiveContainer[];
}

export interface LiveRevision {
  revision: number;
  current: boolean;
  images: LiveContainer[];
}

export interface LiveHistory {
  currentRevision: number | undefined;
  /** Newest first. */
  revisions: LiveRevision[];
  truncated: boolean;
}

const LIST_LIMIT = 500;
const NAMES_SHOWN = 30;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const PLURAL: Record<string, string> = {
  Deployment: "Deployments",
  StatefulSet: "StatefulSets",
  DaemonSet: "DaemonSets",
  Namespace: "Namespaces",
};

function nameList(names: string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(", ");
  return names.length > NAMES_SHOWN ? `${shown} … and ${names.length - NAMES_SHOWN} more` : shown;
}

/** Names of the objects a k8s_get list returned; undefined when it could not list or was cut short. */
async function listNames(tools: ToolCaller, kind: string, namespace?: string): Promise<string[] | undefined> {
  const args: Record<string, unknown> = { kind, limit: LIST_LIMIT };
  if (namespace !== undefined) args.namespace = namespace;
  const result = await tools.call("k8s_get", args);
  if (!result.ok || result.data.truncated === true || !Array.isArray(result.data.rows)) return undefined;
  return result.data.rows
    .map((row: unknown) => (isRecord(row) && typeof row.name === "string" ? row.name : undefined))
    .filter((name): name is string => name !== undefined)
    .sort();
}

/**
 * Why a workload could not be read, in words: its namespace does not exist (and which do), or the
 * workload does not (and which do). Falls back to the tool's own error when that is not the case.
 */
async function explainUnreadable(
  tools: ToolCaller,
  target: WorkloadTarget,
  namespace: string,
  error: string,
): Promise<string> {
  const fallback = `Could not read ${target.kind} "${target.name}" in namespace "${namespace}": ${error}`;
  const namespaceRead = await tools.call("k8s_get", { kind: "Namespace", name: namespace });
  if (!namespaceRead.ok) {
    const namespaces = await listNames(tools, "Namespace");
    if (namespaces === undefined || namespaces.includes(namespace)) return fallback;
    return `Namespace "${namespace}" does not exist, so there is no ${target.kind} "${target.name}" to change. Namespaces in the cluster: ${nameList(namespaces)}.`;
  }
  const names = await listNames(tools, target.kind, namespace);
  if (names === undefined || names.includes(target.name)) return fallback;
  const plural = PLURAL[target.kind] ?? `${target.kind} objects`;
  const existing =
    names.length === 0
      ? `There are no ${plural} in namespace "${namespace}".`
      : `${plural} in namespace "${namespace}": ${nameList(names)}.`;
  return `${target.kind} "${target.name}" does not exist in namespace "${namespace}". ${existing}`;
}

function containersOf(template: unknown): LiveContainer[] {
  const spec = isRecord(template) && isRecord(template.spec) ? template.spec : {};
  const read = (list: unknown, init: boolean): LiveContainer[] =>
    (Array.isArray(list) ? list : []).filter(isRecord).map((c) => ({
      name: String(c.name ?? ""),
      image: String(c.image ?? ""),
      init,
    }));
  return [...read(spec.initContainers, true), ...read(spec.containers, false)];
}

export async function readWorkload(
  tools: ToolCaller,
  target: WorkloadTarget,
  namespace: string,
): Promise<Read<LiveWorkload>> {
  const result = await tools.call("k8s_get", { kind: target.kind, name: target.name, namespace });
  if (!result.ok)
    return { ok: false, reply: await explainUnreadable(tools, target, namespace, result.error) };
  const object = result.data.object;
  const spec = isRecord(object) && isRecord(object.spec) ? object.spec : {};
  const replicas =
    target.kind === "DaemonSet" ? undefined : typeof spec.replicas === "number" ? spec.replicas : 1;
  return {
    ok: true,
    value: {
      kind: target.kind,
      name: target.name,
      namespace,
      replicas,
      paused: spec.paused === true,
      containers: containersOf(spec.template),
    },
  };
}

const MAX_HISTORY = 100;

export async function readHistory(
  tools: ToolCaller,
  target: WorkloadTarget,
  namespace: string,
): Promise<Read<LiveHistory>> {
  const result = await tools.call("k8s_rollout_history", {
    namespace,
    kind: target.kind,
    name: target.name,
    limit: MAX_HISTORY,
  });
  if (!result.ok) {
    return {
      ok: false,
      reply: `Could not read the rollout history of ${target.kind} "${target.name}": ${result.error}`,
    };
  }
  const revisions = (Array.isArray(result.data.revisions) ? result.data.revisions : [])
    .filter(isRecord)
    .map((r) => ({
      revision: Number(r.revision),
      current: r.current === true,
      images: (Array.isArray(r.images) ? r.images : []).filter(isRecord).map((c) => ({
        name: String(c.container ?? ""),
        image: String(c.image ?? ""),
        init: c.init === true,
      })),
    }));
  const current = result.data.currentRevision;
  return {
    ok: true,
    value: {
      currentRevision: typeof current === "number" ? current : undefined,
      revisions,
      truncated: result.data.truncated === true,
    },
  };
}
