import { type LiveContainer, type LiveWorkload, readWorkload } from "../cluster-reads.ts";
import type { ContainerChoice, ParsedRequest } from "../grammar/parsed-request.ts";
import { dnsId } from "../plan-ids.ts";
import { containerImagePath, fieldEquals, rolloutComplete } from "../verify-intents.ts";
import { buildStep, type DraftContext, type Drafted, nothingToChange } from "./draft.ts";

type SetImageRequest = Extract<ParsedRequest, { action: "set-image" }>;

function listed(containers: LiveContainer[]): string {
  return containers.map((c) => (c.init ? `${c.name} (init container)` : c.name)).join(", ") || "none";
}

/** The container the request means, or why it cannot be told. */
function pickContainer(
  live: LiveWorkload,
  choice: ContainerChoice,
  image: string,
): { ok: true; container: LiveContainer } | { ok: false; reply: string } {
  const subject = `${live.kind} "${live.name}" in namespace "${live.namespace}"`;
  if (choice.by !== "only") {
    const found = live.containers.find((c) => c.name === choice.name);
    if (found) return { ok: true, container: found };
    if (choice.by === "name") {
      return {
        ok: false,
        reply: `${subject} has no container named "${choice.name}". Its containers are: ${listed(live.containers)}.`,
      };
    }
  }
  const regular = live.containers.filter((c) => !c.init);
  const only = regular[0];
  if (regular.length === 1 && only) return { ok: true, container: only };
  const named = choice.by === "name-or-only" ? ` none is named "${choice.name}" and` : "";
  return {
    ok: false,
    reply: `${subject} has ${regular.length} containers;${named} the request does not say which one to change. Its containers are: ${listed(live.containers)}. Name one, e.g. "set image ${live.kind.toLowerCase()}/${live.name} ${regular[0]?.name ?? "<container>"}=${image} in ${live.namespace}".`,
  };
}

export async function planSetImage(request: SetImageRequest, { tools }: DraftContext): Promise<Drafted> {
  const { target, namespace, image } = request;
  const live = await readWorkload(tools, target, namespace);
  if (!live.ok) return live;
  const picked = pickContainer(live.value, request.container, image);
  if (!picked.ok) return picked;
  const { container } = picked;
  if (container.image === image) {
    return nothingToChange(
      `container "${container.name}" of ${target.kind} "${target.name}" in namespace "${namespace}" already runs ${image}.`,
    );
  }
  const ref = { namespace, kind: target.kind, name: target.name };
  const step = buildStep(
    dnsId("set-image", target.name),
    "k8s_set_image",
    { ...ref, container: container.name, image },
    `Set the image of container ${container.name} in ${target.name} from ${container.image || "(none)"} to ${image} as requested.`,
  );
  if (!step.ok) return step;
  return {
    ok: true,
    draft: {
      slug: ["set-image", target.name],
      steps: [step.step],
      verify: [
        rolloutComplete(dnsId(target.name, "rolled-out"), ref),
        fieldEquals(
          dnsId(target.name, "image", container.name),
          ref,
          containerImagePath(container.name, container.init),
          image,
        ),
      ],
    },
  };
}
