// The rollback proposed when a run fails: a new plan that undoes, in reverse order, what the
// steps that ran changed, where the inverse is known from the step and the state before it
// (previous replicas, previous image, the revision before an undo). Everything else gets a note
// that says what a person has to check or restore by hand.
import { createHash } from "node:crypto";
import { createToolRegistry } from "../../tools/index.ts";
import { isMutating } from "../../tools/registry.ts";
import type { StepState } from "../execute/types.ts";
import {
  formatPlanError,
  type JsonObject,
  PLAN_API_VERSION,
  type Plan,
  type PlanInput,
  type PlanStep,
  type PlanVerify,
  parsePlan,
} from "../plan/index.ts";
import { plannedArgsSchema } from "../planner/rules/index.ts";
import { dnsId } from "../planner/rules/plan-ids.ts";
import { containerImagePath, fieldEquals, rolloutComplete } from "../planner/rules/verify-intents.ts";

/**
 * What a step's target looked like before the step ran. The executor's StepState keeps only a
 * summary and a digest of the tool's result, so the caller collects this from the tool results
 * (the step's own result, or the dry run made right before it) with priorStateOf.
 */
export interface PriorState {
  /** k8s_scale: the replica count before. */
  previousReplicas?: number;
  /** k8s_set_image: the image before, and the container it belonged to. */
  previousImage?: string;
  container?: string;
  /** k8s_rollout_undo: the revision the Deployment was at before the undo. */
  fromRevision?: number;
}

export interface RollbackOptions {
  /** stepId → the state before that step (see priorStateOf). */
  before?: Readonly<Record<string, PriorState>>;
  /** Who asks for the rollback and where (default: the original request's author and link). */
  requestedBy?: { by: string; url: string };
  now?: Date;
}

export interface RollbackProposal {
  /** Absent when nothing can be undone automatically. */
  plan?: Plan;
  /** What the plan does not undo, and why; each a sentence for the PR. */
  notes: string[];
}

const registry = createToolRegistry();
const MAX_PLAN_ID = 63;
const ROLLBACK_SUFFIX = "-rollback";
const ROLLOUT_KINDS = ["Deployment", "StatefulSet", "DaemonSet"] as const;
type RolloutKind = (typeof ROLLOUT_KINDS)[number];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isRolloutKind = (kind: string): kind is RolloutKind =>
  (ROLLOUT_KINDS as readonly string[]).includes(kind);

/** The PriorState a tool result (real or dry run) carries, from its structured data. */
export function priorStateOf(tool: string, data: unknown): PriorState | undefined {
  if (!isRecord(data)) return undefined;
  const int = (value: unknown) => (Number.isInteger(value) ? (value as number) : undefined);
  const str = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  switch (tool) {
    case "k8s_scale": {
      const previousReplicas = int(data.previousReplicas);
      return previousReplicas === undefined ? undefined : { previousReplicas };
    }
    case "k8s_set_image": {
      const previousImage = str(data.previousImage);
      if (previousImage === undefined) return undefined;
      const container = str(data.container);
      return container === undefined ? { previousImage } : { previousImage, container };
    }
    case "k8s_rollout_undo": {
      const fromRevision = int(data.fromRevision);
      return fromRevision === undefined ? undefined : { fromRevision };
    }
    default:
      return undefined;
  }
}

/** `<id>-rollback`, shortened with a hash of the id when that would pass 63 characters. */
export function rollbackPlanId(id: string): string {
  if (id.length + ROLLBACK_SUFFIX.length <= MAX_PLAN_ID) return `${id}${ROLLBACK_SUFFIX}`;
  const hash = createHash("sha256").update(id).digest("hex").slice(0, 8);
  const head = id.slice(0, MAX_PLAN_ID - ROLLBACK_SUFFIX.length - hash.length - 1).replace(/-+$/, "");
  return `${head}-${hash}${ROLLBACK_SUFFIX}`;
}

interface Workload {
  namespace: string;
  kind: string;
  name: string;
}

function workloadOf(args: JsonObject): Workload | undefined {
  const { namespace, kind, name } = args;
  if (typeof namespace !== "string" || typeof kind !== "string" || typeof name !== "string") return undefined;
  return { namespace, kind, name };
}

const workloadText = (w: Workload) => `${w.kind} ${w.namespace}/${w.name}`;

/** An inverse step and the intents that confirm it, or a note why there is none. */
interface Inverse {
  step?: Omit<PlanStep, "id">;
  verify?: { key: string; intent: (id: string) => PlanVerify }[];
  note?: string;
}

function rolloutIntent(w: Workload): NonNullable<Inverse["verify"]>[number][] {
  const { kind } = w;
  if (!isRolloutKind(kind)) return [];
  return [{ key: `rollout ${workloadText(w)}`, intent: (id) => rolloutComplete(id, { ...w, kind }) }];
}

function invertScale(step: PlanStep, w: Workload, prior: PriorState | undefined): Inverse {
  const replicas = prior?.previousReplicas;
  if (replicas === undefined) {
    return {
      note: `Step "${step.id}" (k8s_scale) scaled ${workloadText(w)}, but its previous replica count was not kept; set it back by hand if needed.`,
    };
  }
  if (replicas === step.args.replicas) {
    return {
      note: `Step "${step.id}" (k8s_scale) did not change ${workloadText(w)} (already ${replicas} replicas).`,
    };
  }
  return {
    step: {
      tool: "k8s_scale",
      args: { ...w, replicas },
      reason: `Undo step "${step.id}": scale ${workloadText(w)} back to ${replicas} replicas.`,
    },
    verify: [
      {
        key: `replicas ${workloadText(w)}`,
        intent: (id) => fieldEquals(id, w, "spec.replicas", replicas),
      },
    ],
  };
}

function invertSetImage(step: PlanStep, w: Workload, prior: PriorState | undefined): Inverse {
  const image = prior?.previousImage;
  const container =
    typeof step.args.container === "string" ? step.args.container : (prior?.container ?? undefined);
  if (image === undefined) {
    if (w.kind === "Deployment") {
      return {
        ...invertWithUndo(step, w, undefined),
        note: `Step "${step.id}" (k8s_set_image): the previous image of ${workloadText(w)} was not kept, so the rollback uses k8s_rollout_undo to its previous revision; check that no other change came in between.`,
      };
    }
    return {
      note: `Step "${step.id}" (k8s_set_image) changed an image of ${workloadText(w)}, but the previous image was not kept; set it back by hand (k8s_rollout_undo works only for Deployments).`,
    };
  }
  if (image === step.args.image) {
    return {
      note: `Step "${step.id}" (k8s_set_image) did not change ${workloadText(w)} (the image was already ${image}).`,
    };
  }
  const verify: NonNullable<Inverse["verify"]> = [];
  if (container !== undefined) {
    verify.push({
      key: `image ${workloadText(w)} ${container}`,
      intent: (id) => fieldEquals(id, w, containerImagePath(container), image),
    });
  }
  return {
    step: {
      tool: "k8s_set_image",
      args: container === undefined ? { ...w, image } : { ...w, container, image },
      reason: `Undo step "${step.id}": set the image${container === undefined ? "" : ` of container "${container}"`} of ${workloadText(w)} back to ${image}.`,
    },
    verify: [...verify, ...rolloutIntent(w)],
  };
}

function invertWithUndo(step: PlanStep, w: Workload, toRevision: number | undefined): Inverse {
  return {
    step: {
      tool: "k8s_rollout_undo",
      args: toRevision === undefined ? { ...w } : { ...w, toRevision },
      reason:
        toRevision === undefined
          ? `Undo step "${step.id}": roll ${workloadText(w)} back to the revision before it.`
          : `Undo step "${step.id}": roll ${workloadText(w)} back to revision ${toRevision}.`,
    },
    verify: rolloutIntent(w),
  };
}

function invertRolloutUndo(step: PlanStep, w: Workload, prior: PriorState | undefined): Inverse {
  const inverse = invertWithUndo(step, w, prior?.fromRevision);
  if (prior?.fromRevision !== undefined) return inverse;
  return {
    ...inverse,
    note: `Step "${step.id}" (k8s_rollout_undo): the revision ${workloadText(w)} was at before was not kept, so the rollback goes to its previous revision; check k8s_rollout_history first.`,
  };
}

/** The inverse of one step that ran (or may have: status unknown). */
function inverseOf(step: PlanStep, state: StepState, prior: PriorState | undefined): Inverse | undefined {
  const w = workloadOf(step.args);
  const mayHaveRun = state.status === "unknown";
  switch (step.tool) {
    case "k8s_scale":
    case "k8s_set_image": {
      if (w === undefined) return { note: `Step "${step.id}" (${step.tool}) names no workload to restore.` };
      // Absolute values: setting them back is harmless if the step never applied.
      const inverse =
        step.tool === "k8s_scale" ? invertScale(step, w, prior) : invertSetImage(step, w, prior);
      if (!mayHaveRun) return inverse;
      const caution = `Step "${step.id}" (${step.tool}) was in flight when the run stopped and may not have applied; its inverse is included because it sets an absolute value.`;
      return { ...inverse, note: inverse.note === undefined ? caution : `${caution} ${inverse.note}` };
    }
    case "k8s_rollout_undo":
      if (w === undefined)
        return { note: `Step "${step.id}" (k8s_rollout_undo) names no workload to restore.` };
      if (mayHaveRun) {
        return {
          note: `Step "${step.id}" (k8s_rollout_undo) was in flight when the run stopped; check k8s_rollout_history for ${workloadText(w)} before rolling back by hand (a second undo would move it again).`,
        };
      }
      return invertRolloutUndo(step, w, prior);
    case "k8s_rollout_restart":
      return {
        note: `Step "${step.id}" (k8s_rollout_restart) replaced the pods of ${w === undefined ? "its workload" : workloadText(w)}; a restart has no inverse, so nothing is rolled back for it.`,
      };
    case "k8s_apply":
    case "k8s_patch":
    case "k8s_delete":
      return {
        note: `Step "${step.id}" (${step.tool}) ${mayHaveRun ? "may have changed" : "changed"} objects that cannot be restored automatically; restore them by hand from the diff in the plan PR (or from git history).`,
      };
    default: {
      const tool = registry.get(step.tool);
      if (tool !== undefined && !isMutating(tool)) return undefined; // read-only: nothing to undo
      return {
        note: `Step "${step.id}" (${step.tool}) has no known inverse; check what it changed and restore it by hand.`,
      };
    }
  }
}

/**
 * Proposes the plan that undoes a failed (or any) run: for each step that succeeded (or was left
 * in flight, where the inverse is safe), last first, its inverse. Returns the plan (validated,
 * including each step's args against its tool) and notes for what it cannot undo.
 */
export function proposeRollback(
  plan: Plan,
  steps: readonly StepState[],
  options: RollbackOptions = {},
): RollbackProposal {
  const states = new Map(steps.map((state) => [state.id, state]));
  const notes: string[] = [];
  const inverseSteps: PlanStep[] = [];
  // The last inverse to touch a field decides its final value: keep only that intent.
  const intents = new Map<string, PlanVerify>();
  for (const step of [...plan.steps].reverse()) {
    const state = states.get(step.id);
    if (state === undefined) continue;
    if (state.status === "failed" && step.tool === "k8s_apply") {
      notes.push(
        `Step "${step.id}" (k8s_apply) failed and may have applied some of its objects before the error; check them and restore by hand.`,
      );
      continue;
    }
    if (state.status !== "succeeded" && state.status !== "unknown") continue;
    const inverse = inverseOf(step, state, options.before?.[step.id]);
    if (inverse === undefined) continue;
    if (inverse.note !== undefined) notes.push(inverse.note);
    if (inverse.step === undefined) continue;
    inverseSteps.push({ id: dnsId("undo", step.id), ...inverse.step });
    for (const { key, intent } of inverse.verify ?? []) {
      intents.delete(key);
      intents.set(key, intent(dnsId("check", step.id, key.split(" ")[0] ?? "state")));
    }
  }
  if (inverseSteps.length === 0) {
    if (notes.length === 0) notes.push("Nothing to roll back: no step changed the cluster.");
    return { notes };
  }
  const value: PlanInput = {
    apiVersion: PLAN_API_VERSION,
    kind: "Plan",
    metadata: {
      id: rollbackPlanId(plan.metadata.id),
      request: {
        text: `rollback of ${plan.metadata.id}`,
        by: options.requestedBy?.by ?? plan.metadata.request.by,
        url: options.requestedBy?.url ?? plan.metadata.request.url,
      },
      planner: "rules",
      createdAt: (options.now ?? new Date()).toISOString(),
      labels: { "rollback-of": plan.metadata.id },
    },
    target: { ...plan.target },
    steps: inverseSteps,
    verify: [...intents.values()],
  };
  const parsed = parsePlan(value, { toolArgs: plannedArgsSchema });
  if (!parsed.ok) {
    const problems = parsed.errors.map(formatPlanError).join("; ");
    return {
      notes: [
        ...notes,
        `A rollback plan could not be built from what was recorded (${problems}); roll back by hand.`,
      ],
    };
  }
  return { plan: parsed.plan, notes };
}
