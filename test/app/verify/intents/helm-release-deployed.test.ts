// helm_release_deployed against release Secrets in the emulator: passes on the target revision's
// deployed label, waits through pending states, fails at once on failed or superseded revisions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyIntent } from "../../../../app/verify/index.ts";
import { releaseSecret } from "../../../tools/helm/release-secrets.ts";
import {
  countingClients,
  intent,
  shortTimeScale,
  startVerifyCluster,
  type VerifyCluster,
  verifyOne,
} from "../verify-fixtures.ts";

let cluster: VerifyCluster;

beforeAll(async () => {
  cluster = await startVerifyCluster();
});

afterAll(async () => {
  await cluster?.close();
});

const deployed = (release: string, revision: number, timeoutSeconds = 30) =>
  intent(
    `${release}-deployed`,
    "helm_release_deployed",
    { namespace: "shop", release, revision },
    timeoutSeconds,
  );

function seedRevision(
  release: string,
  revision: number,
  status: Parameters<typeof releaseSecret>[0]["status"],
) {
  cluster.emulator.seed([releaseSecret({ name: release, namespace: "shop", revision, status })]);
}

describe("helm_release_deployed", () => {
  it("passes when the newest revision is the target and deployed", async () => {
    seedRevision("done", 1, "superseded");
    seedRevision("done", 2, "deployed");
    expect(await verifyOne(cluster, deployed("done", 2))).toMatchObject({
      check: "helm_release_deployed",
      status: "passed",
      expected: 'Helm release "done" in namespace "shop" deployed at revision 2',
      observed: "newest revision 2 is deployed",
    });
  });

  it("waits for the revision to appear and leave its pending state", async () => {
    seedRevision("later", 1, "deployed");
    let listed: () => void = () => {};
    const firstList = new Promise<void>((resolve) => {
      listed = resolve;
    });
    const counting = countingClients(cluster.kube, (path) => {
      if (path.endsWith("/secrets")) listed();
    });
    const verdict = verifyIntent(deployed("later", 2), counting.kube, { timeScale: 1 });
    await firstList;
    seedRevision("later", 2, "pending-upgrade");
    const secrets = cluster.emulator.store.registry.byKind("v1", "Secret");
    const pending = cluster.emulator.store.get(secrets as never, "shop", "sh.helm.release.v1.later.v2");
    if (!pending?.metadata.labels) throw new Error("revision 2 was not seeded");
    pending.metadata.labels.status = "deployed";
    cluster.emulator.store.update(secrets as never, pending);
    expect(await verdict).toMatchObject({ status: "passed", observed: "newest revision 2 is deployed" });
  });

  it("fails at once when the target revision failed", async () => {
    seedRevision("broken", 1, "deployed");
    seedRevision("broken", 2, "failed");
    expect(await verifyOne(cluster, deployed("broken", 2))).toMatchObject({
      status: "failed",
      observed: "newest revision 2 is failed",
    });
  });

  it("fails when the release moved past the target revision", async () => {
    seedRevision("moved", 1, "superseded");
    seedRevision("moved", 2, "deployed");
    expect(await verifyOne(cluster, deployed("moved", 1))).toMatchObject({
      status: "failed",
      observed: "newest revision 2 is deployed: the release moved past revision 1",
    });
  });

  it("times out saying what it saw when the revision never comes", async () => {
    seedRevision("stuck", 4, "deployed");
    expect(await verifyOne(cluster, deployed("stuck", 5, 1), shortTimeScale)).toMatchObject({
      status: "timed_out",
      observed: "newest revision 4 is deployed",
    });
    expect(await verifyOne(cluster, deployed("absent", 1, 1), shortTimeScale)).toMatchObject({
      status: "timed_out",
      observed: 'Helm release "absent" in namespace "shop" has no revisions',
    });
  });

  it("rejects arguments that are not a release", async () => {
    const result = await verifyOne(
      cluster,
      intent("bad", "helm_release_deployed", { namespace: "shop", release: "Bad_Name", revision: 0 }),
    );
    expect(result.status).toBe("failed");
    expect(result.observed).toContain("must be a Helm release name");
    expect(result.observed).toContain("revision");
  });
});
