// The real kubectl (v1.34) driving rollouts against the emulator: rollout status/history/undo/restart,
// a broken image that exceeds its progress deadline, and what describe shows for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubectlSession, startKubectlSession } from "../../../support/kubectl-session.ts";

let session: KubectlSession;
let kubectl: KubectlSession["kubectl"];
let kubectlFails: KubectlSession["kubectlFails"];

beforeAll(async () => {
  session = await startKubectlSession({ emulator: { readyDelayMs: 20 }, namespace: "default" });
  ({ kubectl, kubectlFails } = session);
});

afterAll(async () => {
  await session?.close();
});

function historyRows(output: string): string[] {
  return output
    .trim()
    .split("\n")
    .slice(2)
    .map((line) => line.trim().replace(/\s+/g, " "));
}

describe("kubectl rollouts against the reconciler", () => {
  it("rolls out, records history with change causes, and rolls back", async () => {
    await kubectl("create", "deployment", "web", "--image=nginx:1.27", "--replicas=3");
    expect(await kubectl("rollout", "status", "deployment/web", "--timeout=20s")).toContain(
      'deployment "web" successfully rolled out',
    );
    await kubectl("set", "image", "deployment/web", "nginx=nginx:1.28");
    await kubectl("annotate", "deployment/web", "kubernetes.io/change-cause=upgrade to 1.28");
    expect(await kubectl("rollout", "status", "deployment/web", "--timeout=20s")).toContain(
      "successfully rolled out",
    );
    expect(historyRows(await kubectl("rollout", "history", "deployment/web"))).toEqual([
      "1 <none>",
      "2 upgrade to 1.28",
    ]);
    expect(await kubectl("rollout", "history", "deployment/web", "--revision=1")).toContain("nginx:1.27");

    expect(await kubectl("rollout", "undo", "deployment/web")).toContain("rolled back");
    expect(await kubectl("rollout", "status", "deployment/web", "--timeout=20s")).toContain(
      "successfully rolled out",
    );
    expect(historyRows(await kubectl("rollout", "history", "deployment/web"))).toEqual([
      "2 upgrade to 1.28",
      "3 <none>",
    ]);
    const images = await kubectl(
      "get",
      "pods",
      "-l",
      "app=web",
      "-o",
      "jsonpath={.items[*].spec.containers[0].image}",
    );
    expect(images.split(" ")).toEqual(["nginx:1.27", "nginx:1.27", "nginx:1.27"]);
    const replicaSets = await kubectl(
      "get",
      "rs",
      "-l",
      "app=web",
      "-o",
      "jsonpath={range .items[*]}{.spec.replicas} {end}",
    );
    expect(replicaSets.trim().split(" ").sort()).toEqual(["0", "3"]);

    await kubectl("rollout", "restart", "deployment/web");
    expect(await kubectl("rollout", "status", "deployment/web", "--timeout=20s")).toContain(
      "successfully rolled out",
    );
    expect(
      historyRows(await kubectl("rollout", "history", "deployment/web")).map((row) => row.split(" ")[0]),
    ).toEqual(["2", "3", "4"]);
  });

  it("reports a broken image as a rollout that exceeded its progress deadline", async () => {
    await kubectl("create", "deployment", "api", "--image=nginx:1.27", "--replicas=2");
    await kubectl("rollout", "status", "deployment/api", "--timeout=20s");
    await kubectl("patch", "deployment/api", "-p", '{"spec":{"progressDeadlineSeconds":1}}');
    await kubectl("set", "image", "deployment/api", "nginx=nginx:does-not-exist");
    const failure = await kubectlFails("rollout", "status", "deployment/api", "--timeout=20s");
    expect(failure).toContain('error: deployment "api" exceeded its progress deadline');

    const pods = await kubectl("get", "pods", "-l", "app=api");
    expect(pods).toMatch(/api-\w+-\w+\s+0\/1\s+ImagePullBackOff\s+0/);
    expect(pods.match(/1\/1\s+Running/g)).toHaveLength(2);
    const [anyPod = ""] = (await kubectl("get", "pods", "-l", "app=api", "-o", "name")).split("\n");
    expect(await kubectl("describe", anyPod)).toMatch(/Node:\s+emulator-node\/172\.18\.0\.2/);
    const brokenPod = (
      await kubectl("get", "pods", "-l", "app=api", "--field-selector=status.phase=Pending", "-o", "name")
    ).trim();
    const brokenDescribed = await kubectl("describe", brokenPod);
    expect(brokenDescribed).toMatch(/Reason:\s+ImagePullBackOff/);
    expect(brokenDescribed).toMatch(
      /Warning\s+Failed\s+\S+\s+kubelet\s+Failed to pull image "nginx:does-not-exist"/,
    );
    expect(brokenDescribed).toMatch(
      /Normal\s+BackOff\s+\S+\s+kubelet\s+Back-off pulling image "nginx:does-not-exist"/,
    );

    const deployment = await kubectl("describe", "deployment/api");
    expect(deployment).toMatch(/Progressing\s+False\s+ProgressDeadlineExceeded/);
    expect(deployment).toMatch(
      /Replicas:\s+2 desired \| 1 updated \| 3 total \| 2 available \| 1 unavailable/,
    );
  });
});
