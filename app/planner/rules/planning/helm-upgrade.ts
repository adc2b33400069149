// "upgrade release shop with chart charts/shop [version 1.2.3] [set image.tag=1.28] in shop":
// one helm_upgrade step that keeps the release's values and applies the named ones over them;
// verified as the next revision deployed and its workloads rolled out. A local chart must exist
// on the default branch (and match the version asked for), as manifests for `apply` must.
import { parse } from "yaml";
import type { ParsedRequest } from "../grammar/parsed-request.ts";
import { dnsId } from "../plan-ids.ts";
import { buildStep, type DraftContext, type Drafted, refuse } from "./draft.ts";
import { helmReleaseDeployed, helmReleaseRolledOut } from "./helm-intents.ts";
import { pendingOperation, readReleaseHistory } from "./helm-reads.ts";

type UpgradeRequest = Extract<ParsedRequest, { action: "helm-upgrade" }>;

const isRemote = (chart: string) => /^(oci|https):\/\//i.test(chart);

/** Undefined when the local chart is on the default branch (in the version asked for); else the reply. */
async function checkLocalChart(request: UpgradeRequest, context: DraftContext): Promise<string | undefined> {
  if (isRemote(request.chart) || request.chart.endsWith(".tgz")) return undefined;
  const path = `${request.chart}/Chart.yaml`;
  let text: string | undefined;
  try {
    text = await context.readRepoFile(path);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `Could not read ${path} from the repository's default branch: ${message}`;
  }
  if (text === undefined) {
    return `There is no chart at ${request.chart} on the repository's default branch (${path} does not exist). Charts are read from the default branch; merge it first, or check the path.`;
  }
  if (request.version === undefined) return undefined;
  let version: unknown;
  try {
    version = (parse(text) as { version?: unknown } | null)?.version;
  } catch {
    return `${path} on the default branch is not valid YAML.`;
  }
  if (String(version) !== request.version.replace(/^v/, "")) {
    return `The chart at ${request.chart} is version ${String(version)} on the default branch, not ${request.version}. Leave out the version, or change Chart.yaml first.`;
  }
  return undefined;
}

export async function planHelmUpgrade(request: UpgradeRequest, context: DraftContext): Promise<Drafted> {
  const { release, namespace } = request;
  const history = await readReleaseHistory(context.tools, release, namespace);
  if (!history.ok) return history;
  const pending = pendingOperation(history.value, release, namespace);
  if (pending) return refuse(pending);
  const chartProblem = await checkLocalChart(request, context);
  if (chartProblem) return refuse(chartProblem);
  const latest = history.value.latest;
  const next = latest.revision + 1;
  const keys = Object.keys(request.set);
  const changes =
    keys.length > 0 ? `, setting ${keys.join(", ")} over its current values` : ", keeping its current values";
  const step = buildStep(
    dnsId("upgrade", release),
    "helm_upgrade",
    {
      namespace,
      release,
      chart: request.chart,
      ...(request.version ? { version: request.version } : {}),
      set: request.set,
      reuseValues: true,
    },
    `Upgrade Helm release ${release} from revision ${latest.revision} (${latest.chart}, ${latest.status}) to revision ${next} with chart ${request.chart}${request.version ? ` ${request.version}` : ""}${changes}, as requested.`,
  );
  if (!step.ok) return step;
  const ref = { namespace, release, revision: next };
  return {
    ok: true,
    draft: {
      slug: ["upgrade", release],
      steps: [step.step],
      verify: [
        helmReleaseDeployed(dnsId(release, "deployed"), ref),
        helmReleaseRolledOut(dnsId(release, "rolled-out"), ref),
      ],
    },
  };
}
