// What the rules planner reads about an Argo Rollout, through read-only tools only: its state from
// argo_status (or, when it cannot be read, what does exist, to say so), and its stable images from
// argo_history.
import type { ToolCaller } from "../../../tool-caller.ts";
import type { LiveContainer, Read } from "../cluster-reads.ts";

export interface LiveRollout {
  name: string;
  namespace: string;
  phase: string;
  message: string;
  /** spec.paused: paused by a person. */
  paused: boolean;
  aborted: boolean;
  fullyPromoted: boolean;
  /** status.currentStepIndex, when the Rollout has canary steps. */
  stepIndex: number | undefined;
  /** Every canary step in words: `setWeight: 20`, `pause`, `pause: 30s`. */
  steps: string[];
  pauseReasons: string[];
  containers: LiveContainer[];
}

const LIST_LIMIT = 500;
const NAMES_SHOWN = 30;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function nameList(names: string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(", ");
  return names.length > NAMES_SHOWN ? `${shown} … and ${names.length - NAMES_SHOWN} more` : shown;
}

/** Why a Rollout could not be read: no such namespace, no such Rollout (and which exist), or the tool's words. */
async function explainUnreadable(
  tools: ToolCaller,
  name: string,
  namespace: string,
  error: string,
): Promise<string> {
  const fallback = `Could not read Argo Rollout "${name}" in namespace "${namespace}": ${error}`;
  if (!error.includes("does not exist")) return fallback; // e.g. Argo Rollouts is not installed
  const namespaceRead = await tools.call("k8s_get", { kind: "Namespace", name: namespace });
  if (!namespaceRead.ok) {
    return `Namespace "${namespace}" does not exist, so there is no Argo Rollout "${name}" to change.`;
  }
  const listed = await tools.call("argo_list", { namespace, limit: LIST_LIMIT });
  if (!listed.ok || !Array.isArray(listed.data.rollouts)) return fallback;
  const names = listed.data.rollouts
    .map((row: unknown) => (isRecord(row) && typeof row.name === "string" ? row.name : undefined))
    .filter((n): n is string => n !== undefined)
    .sort();
  const existing =
    names.length === 0
      ? `There are no Argo Rollouts in namespace "${namespace}".`
      : `Argo Rollouts in namespace "${namespace}": ${nameList(names)}.`;
  return `Argo Rollout "${name}" does not exist in namespace "${namespace}". ${existing}`;
}

function containersOf(images: unknown): LiveContainer[] {
  return (Array.isArray(images) ? images : []).filter(isRecord).map((c) => ({
    name: String(c.container ?? ""),
    image: String(c.image ?? ""),
    init: c.init === true,
  }));
}

export async function readRollout(
  tools: ToolCaller,
  name: string,
  namespace: string,
): Promise<Read<LiveRollout>> {
  const result = await tools.call("argo_status", { namespace, name });
  if (!result.ok) return { ok: false, reply: await explainUnreadable(tools, name, namespace, result.error) };
  const state = result.data;
  const step = isRecord(state.step) ? state.step : undefined;
  return {
    ok: true,
    value: {
      name,
      namespace,
      phase: String(state.phase ?? ""),
      message: String(state.message ?? ""),
      paused: state.paused === true,
      aborted: state.aborted === true,
      fullyPromoted: state.fullyPromoted === true,
      stepIndex: typeof step?.index === "number" ? step.index : undefined,
      steps: Array.isArray(step?.steps) ? step.steps.map(String) : [],
      pauseReasons: (Array.isArray(state.pauseConditions) ? state.pauseConditions : [])
        .filter(isRecord)
        .map((c) => String(c.reason ?? "")),
      containers: containersOf(state.images),
    },
  };
}

/** The images of the stable revision, or undefined when the history does not say. */
export async function readStableImages(
  tools: ToolCaller,
  name: string,
  namespace: string,
): Promise<LiveContainer[] | undefined> {
  const result = await tools.call("argo_history", { namespace, name, limit: 100 });
  if (!result.ok || !Array.isArray(result.data.revisions)) return undefined;
  const stable = result.data.revisions.filter(isRecord).find((r) => r.stable === true);
  return stable ? containersOf(stable.images) : undefined;
}
