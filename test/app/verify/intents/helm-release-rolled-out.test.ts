// helm_release_rolled_out: the workloads of a release revision's manifest, judged as
// k8s_rollout_complete judges each; with the real helm and with seeded releases of several kinds.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubectlSession, startKubectlSession } from "../../../support/kubectl-session.ts";
import { deploymentManifest, releaseSecret } from "../../../tools/helm/release-secrets.ts";
import {
  deployment,
  intent,
  shortTimeScale,
  startVerifyCluster,
  statefulSet,
  type VerifyCluster,
  verifyOne,
} from "../verify-fixtures.ts";

let cluster: VerifyCluster;
let session: KubectlSession;
const chart = fileURLToPath(new URL("../../../fixtures/charts/shop", import.meta.url));

beforeAll(async () => {
  cluster = await startVerifyCluster({ readyDelayMs: 20 });
  session = await startKubectlSession({ namespace: "shop", reuseEmulator: cluster.emulator });
});

afterAll(async () => {
  await session?.close();
  await cluster?.close();
});

const rolledOut = (release: string, revision: number, timeoutSeconds = 30) =>
  intent(
    `${release}-rolled-out`,
    "helm_release_rolled_out",
    { namespace: "shop", release, revision },
    timeoutSeconds,
  );

const statefulSetManifest = (name: string) => `---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  replicas: 2
  serviceName: ${name}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: postgres:16
`;

describe("helm_release_rolled_out", () => {
  it("passes once the Deployment of a release installed by the real helm rolled out", async () => {
    await session.helm("install", "real", chart, "--set", "replicas=2");
    expect(await verifyOne(cluster, rolledOut("real", 1))).toMatchObject({
      check: "helm_release_rolled_out",
      status: "passed",
      expected:
        'every Deployment, StatefulSet and DaemonSet of Helm release "real" in namespace "shop" revision 1 rolled out',
      observed: 'Deployment "real-web" rolled out',
    });
  });

  it("follows every kind in the manifest, one collection after the other", async () => {
    cluster.emulator.seed([
      deployment("mixed-web", { replicas: 2 }),
      deployment("mixed-api", { replicas: 1 }),
      statefulSet("mixed-db", { replicas: 2 }),
      releaseSecret({
        name: "mixed",
        namespace: "shop",
        revision: 1,
        status: "deployed",
        manifest: `${deploymentManifest("mixed-web", 2)}${deploymentManifest("mixed-api", 1)}${statefulSetManifest("mixed-db")}`,
      }),
    ]);
    const result = await verifyOne(cluster, rolledOut("mixed", 1));
    expect(result.status).toBe("passed");
    expect(result.observed).toBe(
      'Deployment "mixed-web", Deployment "mixed-api" rolled out; StatefulSet "mixed-db" rolled out',
    );
  });

  it("times out with the rollout message of a workload that never becomes ready", async () => {
    cluster.emulator.seed([
      deployment("stuck-web", { replicas: 1, image: "registry.example.com/broken:1" }),
      releaseSecret({
        name: "stuck",
        namespace: "shop",
        revision: 1,
        status: "deployed",
        manifest: deploymentManifest("stuck-web", 1, "registry.example.com/broken:1"),
      }),
    ]);
    const result = await verifyOne(cluster, rolledOut("stuck", 1, 1), shortTimeScale);
    expect(result.status).toBe("timed_out");
    expect(result.observed).toMatch(
      /^Deployment "stuck-web" in namespace "shop": Waiting for deployment "stuck-web" rollout to finish/,
    );
  });

  it("passes at once for a revision without workloads", async () => {
    cluster.emulator.seed([
      releaseSecret({
        name: "config-only",
        namespace: "shop",
        revision: 1,
        status: "deployed",
        manifest: "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: b}\n",
      }),
    ]);
    expect(await verifyOne(cluster, rolledOut("config-only", 1))).toMatchObject({
      status: "passed",
      observed: "revision 1 has no Deployments, StatefulSets or DaemonSets; nothing to roll out",
    });
  });

  it("fails at once for a revision or release that does not exist", async () => {
    expect(await verifyOne(cluster, rolledOut("real", 5))).toMatchObject({
      status: "failed",
      observed: 'Helm release "real" in namespace "shop" has no revision 5. Its revisions are: 1.',
    });
    expect(await verifyOne(cluster, rolledOut("nobody", 1))).toMatchObject({
      status: "failed",
      observed:
        'Helm release "nobody" does not exist in namespace "shop". Check the release name and namespace with helm_list.',
    });
  });
});
