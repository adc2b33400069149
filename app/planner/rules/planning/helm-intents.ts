// The verify intents Helm plans declare (app/verify/intents/helm-release-*.ts evaluate them):
//
// helm_release_deployed {namespace, release, revision}
//   The release's newest revision is `revision` and Helm marked it deployed.
// helm_release_rolled_out {namespace, release, revision}
//   Every Deployment, StatefulSet and DaemonSet in that revision's manifest rolled out.
import type { PlanVerify } from "../../../plan/index.ts";
import { DEFAULT_VERIFY_TIMEOUT_SECONDS } from "../../../plan/index.ts";

export interface ReleaseRevision {
  namespace: string;
  release: string;
  revision: number;
}

export function helmReleaseDeployed(id: string, ref: ReleaseRevision): PlanVerify {
  return {
    id,
    check: "helm_release_deployed",
    args: { namespace: ref.namespace, release: ref.release, revision: ref.revision },
    timeoutSeconds: DEFAULT_VERIFY_TIMEOUT_SECONDS,
  };
}

export function helmReleaseRolledOut(id: string, ref: ReleaseRevision): PlanVerify {
  return {
    id,
    check: "helm_release_rolled_out",
    args: { namespace: ref.namespace, release: ref.release, revision: ref.revision },
    timeoutSeconds: DEFAULT_VERIFY_TIMEOUT_SECONDS,
  };
}
