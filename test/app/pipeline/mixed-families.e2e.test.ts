// One plan across the tool families (issue 6, "Done when"): a Helm upgrade, an Argo Rollouts
// promote and a Jenkins build. Told end to end through signed webhooks: @dev asks for the Helm
// upgrade; @nina adds the promote and the build to the plan file by pushing to the plan branch;
// Skyflo re-validates it, dry-runs all three and renders their previews; @olivia approves; the
// steps run in order with the real helm binary, against the Kubernetes and Jenkins emulators,
// every intent verifies and the PR is merged with its record.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Plan, RunRecordSchema, readPlan, writePlan } from "../../../app/plan/index.ts";
import { planWithRules } from "../../../app/planner/rules/index.ts";
import { inProcessToolCaller } from "../../../app/tool-caller.ts";
import { demoCluster } from "../../../scripts/demo-cluster.ts";
import { createToolRegistry } from "../../../tools/index.ts";
import { createJenkinsBackend } from "../../../tools/jenkins/backend.ts";
import { createKubeClients } from "../../../tools/kubernetes/client.ts";
import { Policy } from "../../../tools/policy.ts";
import { putFile } from "../../emulators/github/testing.ts";
import { type JenkinsEmulator, startJenkinsEmulator } from "../../emulators/jenkins/index.ts";
import { helmPath } from "../../support/kube-binaries.ts";
import { type KubectlSession, startKubectlSession } from "../../support/kubectl-session.ts";
import { type SkyfloWorld, startSkyfloWorld } from "../../support/skyflo-world.ts";
import { pausedCanary, rolloutStatus } from "../../tools/argo/rollout-fixtures.ts";
import { fixturesRoot } from "../../tools/helm/helm-fixtures.ts";

const repo = { owner: "acme", repo: "shop" };
let world: SkyfloWorld;
let jenkins: JenkinsEmulator;
let session: KubectlSession;

beforeAll(async () => {
  jenkins = await startJenkinsEmulator({
    users: { skyflo: { tokens: ["tok-1234567890"] } },
    jobs: [
      {
        name: "deploy-web",
        parameters: [
          { type: "choice", name: "ENV", choices: ["staging", "prod"] },
          { type: "string", name: "VERSION", default: "latest" },
        ],
      },
    ],
  });
  const backends = {
    helm: { binary: await helmPath(), chartsRoot: fixturesRoot },
    jenkins: createJenkinsBackend({
      url: jenkins.url,
      credentials: { user: "skyflo", token: "tok-1234567890" },
      pollIntervalMs: 10,
    }),
  };
  world = await startSkyfloWorld({
    kube: { seed: demoCluster(), readyDelayMs: 5 },
    collaborators: { dev: "push", nina: "push" },
    app: { backends, verifyTimeScale: 0.05 },
  });
  // The cluster: a Helm release "live" of the shop chart, and a canary paused at its first step.
  session = await startKubectlSession({ namespace: "shop", reuseEmulator: world.kube });
  await session.helm("install", "live", join(fixturesRoot, "charts/shop"));
  await pausedCanary(world.kube, "storefront", { replicas: 2 });
  // The chart is on the default branch too: the planner checks the version it upgrades to.
  const olivia = world.github.octokitAs("olivia");
  for (const file of ["Chart.yaml", "values.yaml"]) {
    const text = readFileSync(join(fixturesRoot, "charts/shop", file), "utf8");
    await putFile(olivia, "acme", "shop", `charts/shop/${file}`, text);
  }
}, 60_000);

afterAll(async () => {
  await session?.close();
  await world?.close();
  await jenkins?.close();
});

/** The rules planner's plan for `text`, read against the world's cluster and Jenkins (read-only). */
async function rulesPlan(text: string, issueNumber: number): Promise<Plan> {
  const outcome = await planWithRules(
    { text, by: "nina", url: `https://github.com/acme/shop/issues/${issueNumber}`, issueNumber },
    {
      tools: inProcessToolCaller({
        registry: createToolRegistry(),
        context: {
          kube: createKubeClients(world.kube.kubeConfig()),
          policy: new Policy(),
          jenkins: createJenkinsBackend({
            url: jenkins.url,
            credentials: { user: "skyflo", token: "tok-1234567890" },
          }),
        },
        mutating: "none",
      }),
      readRepoFile: async () => undefined,
      now: () => new Date(),
    },
  );
  if (!outcome.ok) throw new Error(outcome.reply);
  return outcome.plan;
}

function deploymentReplicas(name: string): number | undefined {
  const type = world.kube.store.registry.byKind("apps/v1", "Deployment");
  const object = type && world.kube.store.get(type, "shop", name);
  return (object?.spec as { replicas?: number } | undefined)?.replicas;
}

describe("a plan mixing a Helm upgrade, an Argo promote and a Jenkins build", () => {
  it("renders each family's preview, runs the steps in order, verifies them all and merges", async () => {
    const { issue, pr, metadata } = await world.planPullRequest(
      "Ship the storefront",
      "/skyflo upgrade release live with chart charts/shop set replicas=2 in shop",
    );
    expect(deploymentReplicas("live-web")).toBe(1);

    // nina adds the promote and the build to the plan on its branch.
    const planPath = `.skyflo/plans/${metadata.planId}.yaml`;
    const nina = world.github.octokitAs("nina");
    const { data: file } = await nina.rest.repos.getContent({ ...repo, path: planPath, ref: pr.head.ref });
    if (Array.isArray(file) || file.type !== "file") throw new Error("no plan file");
    const read = readPlan(Buffer.from(file.content, "base64").toString("utf8"));
    if (!read.ok) throw new Error("the plan Skyflo wrote does not read");
    const promote = await rulesPlan("promote rollout storefront in shop", issue.number);
    const build = await rulesPlan("build job deploy-web with ENV=prod VERSION=2.4.1", issue.number);
    const mixed: Plan = {
      ...read.plan,
      steps: [...read.plan.steps, ...promote.steps, ...build.steps],
      verify: [...read.plan.verify, ...promote.verify, ...build.verify],
    };
    await putFile(nina, "acme", "shop", planPath, writePlan(mixed), pr.head.ref);
    await world.settle();

    // Skyflo re-rendered the plan: the PR body and one review comment per family's change.
    const dev = world.github.octokitAs("dev");
    const { data: edited } = await dev.rest.pulls.get({ ...repo, pull_number: pr.number });
    const body = edited.body ?? "";
    for (const tool of ["helm_upgrade", "argo_promote", "jenkins_trigger"]) expect(body).toContain(tool);
    const { data: reviewComments } = await dev.rest.pulls.listReviewComments({
      ...repo,
      pull_number: pr.number,
    });
    const latest = reviewComments.filter((c) => c.commit_id === edited.head.sha).map((c) => c.body);
    expect(latest.join("\n")).toContain("replicas: 2"); // the Helm manifest diff
    expect(latest.join("\n")).toContain("currentStepIndex"); // the Argo step change
    expect(latest.join("\n")).toContain("+ build deploy-web with ENV=prod, VERSION=2.4.1"); // the job and parameters
    expect(jenkins.requests().filter((r) => r.method === "POST")).toHaveLength(0);

    await world.github.octokitAs("olivia").rest.pulls.createReview({
      ...repo,
      pull_number: pr.number,
      event: "APPROVE",
    });
    await world.settle();

    const { data: merged } = await dev.rest.pulls.get({ ...repo, pull_number: pr.number });
    expect(merged.merged).toBe(true);
    expect(deploymentReplicas("live-web")).toBe(2);
    expect(
      Number((rolloutStatus(world.kube, "storefront") as { currentStepIndex?: number }).currentStepIndex),
    ).toBeGreaterThan(1);
    const build1 = await jenkins.waitForBuild("deploy-web", 1);
    expect(build1.result).toBe("SUCCESS");
    expect(jenkins.requests().filter((r) => r.method === "POST" && r.path.includes("build"))).toHaveLength(1);

    const recordPath = `.skyflo/runs/${metadata.planId}.json`;
    const { data: recordFile } = await dev.rest.repos.getContent({ ...repo, path: recordPath, ref: "main" });
    if (Array.isArray(recordFile) || recordFile.type !== "file") throw new Error("no run record");
    const record = RunRecordSchema.parse(
      JSON.parse(Buffer.from(recordFile.content, "base64").toString("utf8")),
    );
    expect(record.steps.map((s) => [s.tool, s.status])).toEqual([
      ["helm_upgrade", "succeeded"],
      ["argo_promote", "succeeded"],
      ["jenkins_trigger", "succeeded"],
    ]);
    const finished = record.steps.map((s) => Date.parse(s.finishedAt ?? ""));
    const started = record.steps.map((s) => Date.parse(s.startedAt ?? ""));
    expect(started[1]).toBeGreaterThanOrEqual(finished[0] ?? Number.NaN);
    expect(started[2]).toBeGreaterThanOrEqual(finished[1] ?? Number.NaN);
    expect(record.verificationConclusion).toBe("success");
    expect(record.verification.map((v) => v.check)).toEqual(
      expect.arrayContaining(["helm_release_deployed", "argo_rollout_paused", "jenkins_build_succeeded"]),
    );
    // The build verified is the one this run triggered (its queue item), not just any matching build.
    const built = record.verification.find((v) => v.check === "jenkins_build_succeeded");
    expect(built?.expected).toMatch(/from queue item \d+/);
    // The Jenkins credentials appear nowhere in what Skyflo wrote.
    expect(JSON.stringify(record)).not.toContain("tok-1234567890");
    expect(body).not.toContain("tok-1234567890");
  }, 60_000);
});
