// argo_set_image: `kubectl argo rollouts set image` — reads the Rollout, changes one container's
// image in spec.template and writes the Rollout back (an update carrying the read resourceVersion,
// retried on a conflict as the plugin does). A new template starts a canary.
import { ApiException } from "@kubernetes/client-node";
import { z } from "zod";
import { kubeError } from "../kubernetes/errors.ts";
import { dryRunInput } from "../kubernetes/mutation.ts";
import { objectPath, requestJson } from "../kubernetes/object-rest.ts";
import { type ContainerImage, fieldManager, templateImages } from "../kubernetes/workloads.ts";
import { defineTool } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import { containerName, imageReference } from "../shared/validation.ts";
import { argoMutationOutput, verb } from "./mutation.ts";
import {
  describeRollout,
  type Rollout,
  readRollout,
  rolloutChange,
  rolloutRef,
  rolloutReference,
  rolloutTargets,
} from "./rollouts.ts";

const maxAttempts = 5;

function listed(images: ContainerImage[]): string {
  return images.map((c) => (c.init ? `${c.container} (init container)` : c.container)).join(", ") || "none";
}

function pickContainer(rollout: Rollout, wanted: string | undefined): ContainerImage {
  const images = templateImages(rollout.spec?.template);
  const subject = `Rollout "${rollout.metadata.name}" in namespace "${rollout.metadata.namespace}"`;
  if (wanted !== undefined) {
    const found = images.find((c) => c.container === wanted);
    if (found) return found;
    throw new ToolError(
      `${subject} has no container named "${wanted}".`,
      `Its containers are: ${listed(images)}. Pass one of them as "container".`,
    );
  }
  const regular = images.filter((c) => !c.init);
  if (regular.length === 1 && regular[0]) return regular[0];
  throw new ToolError(
    `${subject} has ${regular.length} containers, so "container" is required.`,
    `Its containers are: ${listed(images)}. Pass the one whose image should change as "container".`,
  );
}

function withImage(rollout: Rollout, target: ContainerImage, image: string): Rollout {
  const next = structuredClone(rollout);
  const spec = next.spec?.template?.spec;
  const list = target.init ? spec?.initContainers : spec?.containers;
  for (const container of list ?? []) if (container.name === target.container) container.image = image;
  return next;
}

export const argoSetImageTool = defineTool({
  name: "argo_set_image",
  title: "Set an Argo Rollout's container image",
  description:
    "Sets the image of one container (or init container) in an Argo Rollout's pod template, as " +
    "`kubectl argo rollouts set image` does; this starts a canary of the new version through the Rollout's " +
    "steps. `container` may be left out when the template has exactly one container; otherwise the error lists " +
    "them. With dryRun: true the API server validates the same update and nothing changes. Returns the diff, " +
    "the container and its previous and new image. Follow it with argo_status; abort with argo_abort, undo with " +
    "argo_undo.",
  family: "argo",
  input: z.object({
    ...rolloutReference,
    container: containerName
      .optional()
      .describe(
        "Container (or init container) whose image to set; optional if there is exactly one container",
      ),
    image: imageReference,
    dryRun: dryRunInput,
  }),
  output: argoMutationOutput.extend({
    container: z.string(),
    init: z.boolean(),
    previousImage: z.string(),
    image: z.string(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  targets: rolloutTargets,
  async handler(args, { kube, signal }) {
    const ref = await rolloutRef(kube, args, signal);
    for (let attempt = 1; ; attempt++) {
      const before = await readRollout(kube, ref, signal);
      const target = pickContainer(before, args.container);
      const change = `container "${target.container}" of ${describeRollout(args)}`;
      const result = {
        container: target.container,
        init: target.init,
        previousImage: target.image,
        image: args.image,
      };
      if (target.image === args.image) {
        return {
          summary: `The image of ${change} is already ${args.image}; nothing to change.`,
          data: { ...rolloutChange(args.dryRun, before, before), patches: [], ...result },
        };
      }
      try {
        const after = await requestJson<Rollout>(kube, objectPath(ref), {
          method: "PUT",
          signal,
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(withImage(before, target, args.image)),
          query: { dryRun: args.dryRun ? "All" : undefined, fieldManager },
        });
        return {
          summary: `${verb(args.dryRun, "Set", "set")} the image of ${change} from ${target.image} to ${args.image}.`,
          data: { ...rolloutChange(args.dryRun, before, after), patches: [], ...result },
        };
      } catch (error) {
        // The controller writes the Rollout too: a conflict means read again and retry, as the plugin does.
        if (error instanceof ApiException && error.code === 409 && attempt < maxAttempts) continue;
        throw kubeError(error, {
          action: "set the image of",
          kind: "Rollout",
          name: args.name,
          namespace: args.namespace,
        });
      }
    }
  },
});
