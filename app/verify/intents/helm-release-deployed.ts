// helm_release_deployed {namespace, release, revision}: the release's newest revision is `revision`
// and Helm marked it deployed. Judged from the labels Helm keeps on its release Secrets (owner=helm,
// name, version, status), so it follows Helm's own bookkeeping without decoding releases. A failed
// or superseded target, or a newer revision appearing first, fails at once: waiting cannot fix it.
import { z } from "zod";
import type { KubeObject } from "../../../tools/kubernetes/object-rest.ts";
import type { IntentKind, Observation } from "../types.ts";
import { describeHelmRelease, helmReleaseArgs, releaseSecretsQuery } from "./helm-release-args.ts";

const HelmReleaseDeployedArgs = z.strictObject(helmReleaseArgs);
type HelmReleaseDeployedArgs = z.output<typeof HelmReleaseDeployedArgs>;

function revisionOf(secret: KubeObject): number {
  const value = Number(secret.metadata?.labels?.version);
  return Number.isInteger(value) ? value : 0;
}

const settledBadly = new Set(["failed", "superseded", "uninstalled", "uninstalling", "unknown"]);

export function judgeReleaseSecrets(secrets: KubeObject[], args: HelmReleaseDeployedArgs): Observation {
  const live = secrets.filter((secret) => !secret.metadata?.deletionTimestamp);
  const latest = live.reduce<KubeObject | undefined>(
    (newest, secret) => (!newest || revisionOf(secret) > revisionOf(newest) ? secret : newest),
    undefined,
  );
  if (!latest) return { status: "waiting", observed: `${describeHelmRelease(args)} has no revisions` };
  const revision = revisionOf(latest);
  const status = latest.metadata?.labels?.status ?? "unknown";
  const observed = `newest revision ${revision} is ${status}`;
  if (revision < args.revision) return { status: "waiting", observed };
  if (revision > args.revision) {
    return { status: "failed", observed: `${observed}: the release moved past revision ${args.revision}` };
  }
  if (status === "deployed") return { status: "passed", observed };
  if (settledBadly.has(status)) return { status: "failed", observed };
  return { status: "waiting", observed }; // pending-install, pending-upgrade, pending-rollback
}

export const helmReleaseDeployed: IntentKind<HelmReleaseDeployedArgs> = {
  check: "helm_release_deployed",
  args: HelmReleaseDeployedArgs,
  expected: (args) => `${describeHelmRelease(args)} deployed at revision ${args.revision}`,
  async prepare(args) {
    return {
      query: releaseSecretsQuery(args),
      evaluate: (objects) => judgeReleaseSecrets(objects, args),
    };
  },
};
