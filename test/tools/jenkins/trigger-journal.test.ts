// A trigger is not idempotent, so the executor's journal is what keeps it from running twice: the
// drift check's dry run queues nothing, the journal keeps the queue item and build number from the
// step's summary, and a run that crashed while the trigger was in flight is reported unknown —
// the resumed run sends no second build request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executePlan, mcpMutatingTools, mcpToolCaller, parseJournal } from "../../../app/execute/index.ts";
import { type Plan, planDigest } from "../../../app/plan/index.ts";
import { createKubeClients } from "../../../tools/kubernetes/client.ts";
import {
  approvedDiffsFor,
  type ExecuteFixture,
  lockNamespace,
  makePlan,
  optionsFor,
  type Replica,
  startExecuteFixture,
  storedLease,
} from "../../app/execute/execute-fixture.ts";
import { type JenkinsFixture, startJenkinsFixture } from "./jenkins-fixture.ts";

let cluster: ExecuteFixture;
let jenkins: JenkinsFixture;
let replica: Replica;

beforeAll(async () => {
  cluster = await startExecuteFixture();
  jenkins = await startJenkinsFixture({ reuseEmulator: cluster.emulator });
  const harness = jenkins.harness;
  replica = {
    holder: "replica-j",
    kube: createKubeClients(cluster.emulator.kubeConfig()),
    tools: mcpToolCaller(harness.client),
    isMutatingTool: await mcpMutatingTools(harness.client),
    harness,
  };
});

afterAll(async () => {
  await jenkins?.close();
  await cluster?.close();
});

const buildRequests = () =>
  jenkins.jenkins.requests().filter((r) => r.method === "POST" && r.path.endsWith("/buildWithParameters"));

const triggerStep = (id: string) => ({
  id,
  tool: "jenkins_trigger",
  args: { job: "deploy-web", parameters: { ENV: "prod", VERSION: "latest", DRY_RUN: false } },
});

function journalOf(plan: Plan) {
  const parsed = parseJournal(
    storedLease(cluster.emulator, plan)?.metadata.annotations?.["skyflo.dev/journal"],
  );
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.journal;
}

describe("jenkins_trigger under the executor", () => {
  it("queues exactly one build (the drift check's dry run queues none) and journals its queue item and build number", async () => {
    const plan = makePlan([triggerStep("build-deploy-web")]);
    const before = buildRequests().length;
    const approvedDiffs = await approvedDiffsFor(replica, plan);
    expect(buildRequests().length).toBe(before);

    const outcome = await executePlan(await optionsFor(replica, plan, { approvedDiffs }));

    expect(outcome.kind).toBe("executed");
    expect(buildRequests().length).toBe(before + 1);
    const build = jenkins.jenkins.job("deploy-web").builds.at(-1);
    const summary = journalOf(plan).steps[0]?.summary ?? "";
    expect(summary).toBe(
      `Triggered job "deploy-web" with ENV=prod, VERSION=latest, DRY_RUN=false: queue item ${build?.queueId} became build #${build?.number}.`,
    );
  });

  it("never sends the build request again when a run crashed while the trigger was in flight", async () => {
    const plan = makePlan([triggerStep("build-again")]);
    const digest = planDigest(plan);
    const renewTime = new Date(Date.now() - 600_000).toISOString().replace("Z", "000Z");
    cluster.emulator.seed([
      {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: {
          name: `skyflo-${digest.slice(7, 47)}`,
          namespace: lockNamespace,
          annotations: {
            "skyflo.dev/plan-digest": digest,
            "skyflo.dev/journal": JSON.stringify({
              version: 1,
              planId: plan.metadata.id,
              planDigest: digest,
              status: "running",
              holder: "replica-gone",
              startedAt: "2026-11-25T10:00:00.000Z",
              steps: [
                {
                  id: "build-again",
                  tool: "jenkins_trigger",
                  status: "running",
                  startedAt: "2026-11-25T10:00:01.000Z",
                },
              ],
            }),
          },
        },
        spec: {
          holderIdentity: "replica-gone",
          leaseDurationSeconds: 300,
          acquireTime: renewTime,
          renewTime,
          leaseTransitions: 0,
        },
      },
    ]);
    const before = jenkins.jenkins.requests().filter((r) => r.method === "POST").length;

    const outcome = await executePlan(await optionsFor(replica, plan));

    expect(outcome.kind).toBe("resumed-unknown");
    if (outcome.kind !== "resumed-unknown") return;
    expect(outcome.reason).toContain(
      'Step "build-again" (jenkins_trigger) was running when the previous run stopped',
    );
    expect(jenkins.jenkins.requests().filter((r) => r.method === "POST").length).toBe(before);
  });
});
