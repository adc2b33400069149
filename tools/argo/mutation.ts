// The result shape of every mutating Argo tool: the shared mutationOutput (so plan PRs render the
// step change like any other diff) plus the patches sent, exactly as the kubectl-argo-rollouts plugin
// sends them. Runs the read → patch(es) → diff sequence they all share.
import { z } from "zod";
import type { KubeClients } from "../kubernetes/client.ts";
import { type MutationOutput, mutationOutput } from "../kubernetes/mutation.ts";
import type { ObjectRef } from "../kubernetes/object-rest.ts";
import {
  combineAnswers,
  type Rollout,
  type RolloutRef,
  readRollout,
  rolloutChange,
  rolloutRef,
  type SentPatch,
} from "./rollouts.ts";

export const argoMutationOutput = mutationOutput.extend({
  patches: z
    .array(
      z.object({
        target: z
          .enum(["status", "rollout"])
          .describe("status: the status subresource; rollout: the Rollout itself"),
        type: z.enum(["merge", "json"]),
        patch: z.unknown(),
      }),
    )
    .describe(
      "The patches sent, as kubectl-argo-rollouts sends them; none when nothing needed to change, and none for argo_set_image, which (like the plugin) writes the whole Rollout back instead",
    ),
});

export type ArgoMutationOutput = MutationOutput & { patches: SentPatch[] };

type Answer = { answer: Rollout; sent: SentPatch } | undefined;

/**
 * Reads the Rollout, lets `send` make its patches (each answered by the server, or undefined when
 * skipped), and returns the diff between the Rollout before and what the answers say it became.
 */
export async function mutateRollout(
  kube: KubeClients,
  args: RolloutRef & { dryRun: boolean },
  signal: AbortSignal,
  send: (before: Rollout, ref: ObjectRef) => Promise<Answer[]>,
): Promise<{ before: Rollout; after: Rollout; data: ArgoMutationOutput }> {
  const ref = await rolloutRef(kube, args, signal);
  const before = await readRollout(kube, ref, signal);
  const answers = (await send(before, ref)).filter((a): a is NonNullable<Answer> => a !== undefined);
  const after = combineAnswers(before, answers);
  return {
    before,
    after,
    data: { ...rolloutChange(args.dryRun, before, after), patches: answers.map((a) => a.sent) },
  };
}

/** "Paused" / "Dry run: would pause", for summaries. */
export function verb(dryRun: boolean, done: string, wouldDo: string): string {
  return dryRun ? `Dry run: would ${wouldDo}` : done;
}
