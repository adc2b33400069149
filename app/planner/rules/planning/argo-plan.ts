// Plans for Argo Rollouts requests: read the Rollout with argo_status, refuse what makes no sense
// for its state (promoting one that is not paused, aborting one that is finished, an unknown
// Rollout), and declare where it should end up (paused at its next pause step, promoted, healthy).
import type { ArgoRequest } from "../grammar/argo.ts";
import { dnsId } from "../plan-ids.ts";
import { containerImagePath } from "../verify-intents.ts";
import { rolloutFieldEquals, rolloutHealthy, whereItStops } from "./argo-intents.ts";
import { type LiveRollout, readRollout, readStableImages } from "./argo-reads.ts";
import { buildStep, type DraftContext, type Drafted, nothingToChange, refuse } from "./draft.ts";

function subject(live: LiveRollout): string {
  return `Argo Rollout "${live.name}" in namespace "${live.namespace}"`;
}

/** `Paused (CanaryPauseStep) at step 1/4`. */
function where(live: LiveRollout): string {
  const why = live.message ? ` (${live.message})` : "";
  const step = live.stepIndex === undefined ? "" : ` at step ${live.stepIndex}/${live.steps.length}`;
  return `${live.phase}${why}${step}`;
}

function isPaused(live: LiveRollout): boolean {
  return live.paused || live.pauseReasons.length > 0 || live.phase === "Paused";
}

export async function planArgo(request: ArgoRequest, context: DraftContext): Promise<Drafted> {
  const live = await readRollout(context.tools, request.name, request.namespace);
  if (!live.ok) return live;
  const rollout = live.value;
  const ref = { namespace: request.namespace, name: request.name };

  const draft = (
    tool: string,
    verb: string,
    args: Record<string, unknown>,
    reason: string,
    verify = whereNext(),
  ) => {
    const step = buildStep(dnsId(verb, request.name), tool, { ...ref, ...args }, reason);
    if (!step.ok) return step;
    return { ok: true as const, draft: { slug: [verb, request.name], steps: [step.step], verify } };
  };
  function whereNext(from = (rollout.stepIndex ?? 0) + 1) {
    return rollout.steps.length === 0 ? [rolloutHealthy(ref)] : whereItStops(ref, rollout.steps, from);
  }

  switch (request.operation) {
    case "promote": {
      if (rollout.aborted) {
        return refuse(
          `${subject(rollout)} was aborted (${where(rollout)}), so there is nothing to promote; the stable version serves. Ask for "retry rollout ${rollout.name} in ${rollout.namespace}" to start its steps again.`,
        );
      }
      if (!isPaused(rollout)) {
        if (rollout.fullyPromoted) {
          return nothingToChange(
            `${subject(rollout)} is fully promoted (${where(rollout)}); no step is waiting for a promote.`,
          );
        }
        return refuse(
          `${subject(rollout)} is not paused (${where(rollout)}); promoting it now would skip a step that is still running. Wait until it pauses at its next step, or ask for "promote rollout ${rollout.name} fully in ${rollout.namespace}" to skip every remaining step.`,
        );
      }
      const at =
        rollout.stepIndex === undefined
          ? ""
          : ` past step ${rollout.stepIndex} (${rollout.steps[rollout.stepIndex] ?? "end"})`;
      return draft(
        "argo_promote",
        "promote",
        {},
        `Promote ${rollout.name}${at} as requested; it is ${where(rollout)}.`,
      );
    }
    case "promote-full": {
      if (rollout.aborted) {
        return refuse(
          `${subject(rollout)} was aborted (${where(rollout)}); a full promotion would push the version that was aborted. Ask for "retry rollout ${rollout.name} in ${rollout.namespace}" first if that is really wanted.`,
        );
      }
      if (rollout.fullyPromoted) {
        return nothingToChange(`${subject(rollout)} is already fully promoted (${where(rollout)}).`);
      }
      const remaining = rollout.steps.length - (rollout.stepIndex ?? 0);
      return draft(
        "argo_promote_full",
        "promote-fully",
        {},
        `Fully promote ${rollout.name} as requested, skipping its remaining ${remaining} step(s) and any analysis; it is ${where(rollout)}.`,
        whereNext(rollout.steps.length),
      );
    }
    case "abort": {
      if (rollout.aborted)
        return nothingToChange(`${subject(rollout)} is already aborted (${where(rollout)}).`);
      if (rollout.fullyPromoted) {
        return refuse(
          `${subject(rollout)} has no update in progress (${where(rollout)}; stable is the current version), so there is nothing to abort.`,
        );
      }
      return draft(
        "argo_abort",
        "abort",
        {},
        `Abort the update of ${rollout.name} as requested; it is ${where(rollout)}. The stable version serves again.`,
        [
          rolloutFieldEquals(ref, "aborted", "status.abort", true),
          rolloutFieldEquals(ref, "degraded", "status.phase", "Degraded"),
        ],
      );
    }
    case "retry": {
      if (!rollout.aborted) {
        return refuse(
          `${subject(rollout)} is not aborted (${where(rollout)}), so there is nothing to retry.`,
        );
      }
      return draft(
        "argo_retry",
        "retry",
        {},
        `Retry the aborted update of ${rollout.name} from its first step as requested.`,
        whereNext(0),
      );
    }
    case "pause": {
      if (rollout.paused)
        return nothingToChange(`${subject(rollout)} is already paused (${where(rollout)}).`);
      return draft(
        "argo_pause",
        "pause",
        {},
        `Pause ${rollout.name} as requested; it is ${where(rollout)}.`,
        [
          rolloutFieldEquals(ref, "paused", "spec.paused", true),
          rolloutFieldEquals(ref, "phase-paused", "status.phase", "Paused"),
        ],
      );
    }
    case "resume": {
      if (!rollout.paused) {
        if (rollout.pauseReasons.length > 0) {
          return refuse(
            `${subject(rollout)} is paused at a canary step (${where(rollout)}), not by a person: resuming changes nothing. Ask for "promote rollout ${rollout.name} in ${rollout.namespace}" to go on to its next step.`,
          );
        }
        return nothingToChange(`${subject(rollout)} is not paused (${where(rollout)}).`);
      }
      const verify = rollout.fullyPromoted ? [rolloutHealthy(ref)] : whereNext(rollout.stepIndex ?? 0);
      return draft(
        "argo_resume",
        "resume",
        {},
        `Resume ${rollout.name} as requested; it is ${where(rollout)}.`,
        verify,
      );
    }
    case "set-image":
      return planArgoSetImage(rollout, request.image ?? "", context);
  }
}

async function planArgoSetImage(
  rollout: LiveRollout,
  image: string,
  { tools }: DraftContext,
): Promise<Drafted> {
  const ref = { namespace: rollout.namespace, name: rollout.name };
  const regular = rollout.containers.filter((c) => !c.init);
  const only = regular[0];
  if (regular.length !== 1 || only === undefined) {
    const names =
      rollout.containers.map((c) => (c.init ? `${c.name} (init container)` : c.name)).join(", ") || "none";
    return refuse(
      `${subject(rollout)} has ${regular.length} containers, and the rules planner only sets the image of a Rollout with exactly one. Its containers are: ${names}.`,
    );
  }
  if (only.image === image) {
    return nothingToChange(`container "${only.name}" of ${subject(rollout)} already runs ${image}.`);
  }
  const step = buildStep(
    dnsId("set-image", rollout.name),
    "argo_set_image",
    { ...ref, container: only.name, image },
    `Set the image of container ${only.name} in Argo Rollout ${rollout.name} from ${only.image || "(none)"} to ${image} as requested; this starts a canary through its steps.`,
  );
  if (!step.ok) return step;
  // Back to the stable version needs no steps: Argo Rollouts promotes it at once.
  const stable = await readStableImages(tools, rollout.name, rollout.namespace);
  const backToStable = stable?.find((c) => c.name === only.name)?.image === image;
  const progress =
    backToStable || rollout.steps.length === 0
      ? whereItStops(ref, [], 0)
      : whereItStops(ref, rollout.steps, 0);
  return {
    ok: true,
    draft: {
      slug: ["set-image", rollout.name],
      steps: [step.step],
      verify: [
        rolloutFieldEquals(ref, `image-${only.name}`, containerImagePath(only.name), image),
        ...progress,
      ],
    },
  };
}
