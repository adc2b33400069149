// "uninstall release shop in shop": one helm_uninstall step; verified as the newest release record
// and the release's workloads gone.
import type { ParsedRequest } from "../grammar/parsed-request.ts";
import { dnsId } from "../plan-ids.ts";
import { objectAbsent } from "../verify-intents.ts";
import { buildStep, type DraftContext, type Drafted, refuse } from "./draft.ts";
import { pendingOperation, readReleaseHistory, readReleaseObjects } from "./helm-reads.ts";

type UninstallRequest = Extract<ParsedRequest, { action: "helm-uninstall" }>;

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet"]);
const MAX_WORKLOAD_INTENTS = 10;

export async function planHelmUninstall(
  request: UninstallRequest,
  { tools }: DraftContext,
): Promise<Drafted> {
  const { release, namespace } = request;
  const history = await readReleaseHistory(tools, release, namespace);
  if (!history.ok) return history;
  const pending = pendingOperation(history.value, release, namespace);
  if (pending) return refuse(pending);
  const objects = await readReleaseObjects(tools, release, namespace);
  if (!objects.ok) return objects;
  const { latest } = history.value;
  const step = buildStep(
    dnsId("uninstall", release),
    "helm_uninstall",
    { namespace, release },
    `Uninstall Helm release ${release} (revision ${latest.revision}, ${latest.chart}): its ${objects.value.length} object${objects.value.length === 1 ? "" : "s"} and release records are deleted, as requested.`,
  );
  if (!step.ok) return step;
  const workloads = objects.value
    .map((key) => key.split("/"))
    .filter((parts) => parts.length === 3 && WORKLOAD_KINDS.has(parts[0] ?? ""))
    .slice(0, MAX_WORKLOAD_INTENTS)
    .map(([kind, ns, name]) =>
      objectAbsent(dnsId(name ?? "", "gone"), {
        namespace: ns ?? namespace,
        kind: kind ?? "",
        name: name ?? "",
      }),
    );
  return {
    ok: true,
    draft: {
      slug: ["uninstall", release],
      steps: [step.step],
      verify: [
        objectAbsent(dnsId(release, "release-records-gone"), {
          namespace,
          kind: "Secret",
          name: `sh.helm.release.v1.${release}.v${latest.revision}`,
        }),
        ...workloads,
      ],
    },
  };
}
