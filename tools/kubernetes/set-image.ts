// k8s_set_image: changes one container's image in a workload's pod template with a strategic merge
// patch (containers merge by name), as `kubectl set image` does; this starts a rollout.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import { containerName, imageReference } from "../shared/validation.ts";
import { dryRunInput, mutationOutput } from "./mutation.ts";
import {
  type ContainerImage,
  describeRef,
  patchWorkload,
  readWorkload,
  templateImages,
  type Workload,
  type WorkloadRef,
  workloadChange,
  workloadReference,
  workloadTargets,
} from "./workloads.ts";

function listed(images: ContainerImage[]): string {
  return images.map((c) => (c.init ? `${c.container} (init container)` : c.container)).join(", ");
}

/** The container to change: the named one, or the only (non-init) container. */
function pickContainer(workload: Workload, ref: WorkloadRef, wanted: string | undefined): ContainerImage {
  const images = templateImages(workload.spec?.template);
  const subject = `${ref.kind} "${ref.name}" in namespace "${ref.namespace}"`;
  if (wanted !== undefined) {
    const found = images.find((c) => c.container === wanted);
    if (found) return found;
    throw new ToolError(
      `${subject} has no container named "${wanted}".`,
      `Its containers are: ${listed(images) || "none"}. Pass one of them as "container".`,
    );
  }
  const regular = images.filter((c) => !c.init);
  const only = regular[0];
  if (regular.length === 1 && only) return only;
  throw new ToolError(
    `${subject} has ${regular.length} containers, so "container" is required.`,
    `Its containers are: ${listed(images) || "none"}. Pass the one whose image should change as "container".`,
  );
}

export const setImageTool = defineTool({
  name: "k8s_set_image",
  title: "Set a container image",
  description:
    "Sets the image of one container (or init container) in the pod template of a Deployment, StatefulSet or " +
    "DaemonSet, as `kubectl set image` does (strategic merge patch); this starts a rollout. `container` may be " +
    "left out when the pod template has exactly one container; otherwise the error lists the container names. " +
    "With dryRun: true the API server validates the change and nothing changes. Returns the diff, the container, " +
    "and its previous and new image. Follow it with k8s_rollout_status; undo with k8s_rollout_undo.",
  family: "kubernetes",
  input: z.object({
    ...workloadReference(),
    container: containerName
      .optional()
      .describe(
        "Container (or init container) whose image to set; optional if there is exactly one container",
      ),
    image: imageReference,
    dryRun: dryRunInput,
  }),
  output: mutationOutput.extend({
    container: z.string(),
    init: z.boolean().describe("The container is an init container"),
    previousImage: z.string(),
    image: z.string(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  targets: workloadTargets,
  async handler(args, { kube, signal }) {
    const ref = { namespace: args.namespace, kind: args.kind, name: args.name };
    const before = await readWorkload(kube, ref, signal);
    const target = pickContainer(before, ref, args.container);
    const list = target.init ? "initContainers" : "containers";
    const after = await patchWorkload(kube, ref, {
      type: "strategic",
      patch: { spec: { template: { spec: { [list]: [{ name: target.container, image: args.image }] } } } },
      dryRun: args.dryRun,
      action: "set the image of",
      signal,
    });
    const result = workloadChange(args.dryRun, before, after);
    const change = `container "${target.container}" of ${describeRef(ref)}`;
    const summary =
      target.image === args.image
        ? `The image of ${change} is already ${args.image}; nothing to change.`
        : `${args.dryRun ? "Dry run: would set" : "Set"} the image of ${change} from ${target.image} to ${args.image}.`;
    return {
      summary,
      data: {
        ...result,
        container: target.container,
        init: target.init,
        previousImage: target.image,
        image: args.image,
      },
    };
  },
});
