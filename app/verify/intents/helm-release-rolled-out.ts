// helm_release_rolled_out {namespace, release, revision}: every Deployment, StatefulSet and
// DaemonSet in that revision's manifest rolled out, as k8s_rollout_complete (and kubectl rollout
// status) judge each one. One intent watches one collection, so when the manifest holds several
// kinds (or namespaces), prepare() follows each earlier collection to its verdict first and the
// last one is what the runner watches; a failure on the way fails the intent with what was seen.
import { z } from "zod";
import { releaseObjects } from "../../../tools/helm/release-manifest.ts";
import { readReleaseRevision } from "../../../tools/helm/release-store.ts";
import type { KubeClients } from "../../../tools/kubernetes/client.ts";
import type { KubeObject } from "../../../tools/kubernetes/object-rest.ts";
import { rolloutState } from "../../../tools/kubernetes/workload-status.ts";
import type { Workload, WorkloadKind } from "../../../tools/kubernetes/workloads.ts";
import { ToolError } from "../../../tools/shared/tool-error.ts";
import { type IntentKind, type Observation, type PreparedIntent, VerifyError } from "../types.ts";
import { type CollectionQuery, followCollection } from "../watch-collection.ts";
import { describeHelmRelease, helmReleaseArgs, releaseSecretsQuery } from "./helm-release-args.ts";

const HelmReleaseRolledOutArgs = z.strictObject(helmReleaseArgs);
type HelmReleaseRolledOutArgs = z.output<typeof HelmReleaseRolledOutArgs>;

const plurals: Record<string, string> = {
  Deployment: "deployments",
  StatefulSet: "statefulsets",
  DaemonSet: "daemonsets",
};

/** The workloads of one kind in one namespace: one collection to watch. */
interface WorkloadGroup {
  kind: WorkloadKind;
  namespace: string;
  names: string[];
}

function workloadGroups(objects: KubeObject[]): WorkloadGroup[] {
  const groups = new Map<string, WorkloadGroup>();
  for (const object of objects) {
    const kind = String(object.kind);
    if (object.apiVersion !== "apps/v1" || !(kind in plurals)) continue;
    const namespace = object.metadata?.namespace ?? "";
    const key = `${kind}/${namespace}`;
    const group = groups.get(key) ?? { kind: kind as WorkloadKind, namespace, names: [] };
    group.names.push(String(object.metadata?.name));
    groups.set(key, group);
  }
  return [...groups.values()];
}

function groupQuery(group: WorkloadGroup): CollectionQuery {
  const only = group.names.length === 1 ? group.names[0] : undefined;
  return {
    path: `/apis/apps/v1/namespaces/${group.namespace}/${plurals[group.kind]}`,
    ...(only ? { fieldSelector: `metadata.name=${only}` } : {}),
    description: `${plurals[group.kind]} ${group.names.map((n) => `"${n}"`).join(", ")} in namespace "${group.namespace}"`,
  };
}

function judgeGroup(group: WorkloadGroup, objects: KubeObject[]): Observation {
  const byName = new Map(objects.map((object) => [object.metadata?.name, object as Workload]));
  const done: string[] = [];
  for (const name of group.names) {
    const workload = byName.get(name);
    const subject = `${group.kind} "${name}" in namespace "${group.namespace}"`;
    if (!workload) return { status: "waiting", observed: `${subject} does not exist` };
    try {
      const state = rolloutState({ namespace: group.namespace, kind: group.kind, name }, workload);
      if (state.failed) return { status: "failed", observed: `${subject}: ${state.message}` };
      if (!state.done) return { status: "waiting", observed: `${subject}: ${state.message}` };
      done.push(`${group.kind} "${name}"`);
    } catch (error) {
      if (error instanceof ToolError) return { status: "failed", observed: `${subject}: ${error.message}` };
      throw error;
    }
  }
  return { status: "passed", observed: `${done.join(", ")} rolled out` };
}

async function releaseWorkloads(
  args: HelmReleaseRolledOutArgs,
  kube: KubeClients,
  signal: AbortSignal,
): Promise<WorkloadGroup[]> {
  try {
    const release = await readReleaseRevision(kube, args.namespace, args.release, args.revision, signal);
    return workloadGroups(await releaseObjects(kube, release.manifest, args.namespace, signal));
  } catch (error) {
    if (error instanceof ToolError) throw new VerifyError(error.message);
    throw error;
  }
}

export const helmReleaseRolledOut: IntentKind<HelmReleaseRolledOutArgs> = {
  check: "helm_release_rolled_out",
  args: HelmReleaseRolledOutArgs,
  expected: (args) =>
    `every Deployment, StatefulSet and DaemonSet of ${describeHelmRelease(args)} revision ${args.revision} rolled out`,
  async prepare(args, kube, signal): Promise<PreparedIntent> {
    const groups = await releaseWorkloads(args, kube, signal);
    const last = groups.pop();
    if (!last) {
      return {
        query: releaseSecretsQuery(args),
        evaluate: () => ({
          status: "passed",
          observed: `revision ${args.revision} has no Deployments, StatefulSets or DaemonSets; nothing to roll out`,
        }),
      };
    }
    const passedEarlier: string[] = [];
    for (const group of groups) {
      const verdict = await followCollection(
        kube,
        groupQuery(group),
        (objects) => {
          const observation = judgeGroup(group, objects);
          return observation.status === "waiting" ? undefined : observation;
        },
        { signal },
      );
      if (verdict.status === "failed") throw new VerifyError(verdict.observed);
      passedEarlier.push(verdict.observed);
    }
    return {
      query: groupQuery(last),
      evaluate(objects) {
        const observation = judgeGroup(last, objects);
        return { ...observation, observed: [...passedEarlier, observation.observed].join("; ") };
      },
    };
  },
};
