// The rules planner's Argo Rollouts requests against the emulator: each becomes a valid plan with
// the tool's full args and verify intents that say where the Rollout should end up; nonsense for
// the Rollout's state (promote one that is not paused, abort one that is finished, an unknown
// Rollout) becomes a reply; and planning only reads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planWithRules } from "../../../../app/planner/rules/index.ts";
import { previewPlan } from "../../../../app/preview/index.ts";
import { verifyIntent } from "../../../../app/verify/index.ts";
import { createKubeClients } from "../../../../tools/index.ts";
import type { KubeObject } from "../../../emulators/kube/types.ts";
import {
  namespaceObject,
  pausedCanary,
  rolloutObject,
  rolloutStatus,
  setRolloutImage,
  waitForRollout,
} from "../../../tools/argo/rollout-fixtures.ts";
import { type ClusterFixture, startClusterFixture } from "./cluster-fixture.ts";

const NOW = new Date("2026-11-25T10:00:00Z");

function withSidecar(rollout: KubeObject): KubeObject {
  const template = (rollout.spec as { template: { spec: { containers: object[] } } }).template;
  template.spec.containers.push({ name: "proxy", image: "envoy:1.30" });
  return rollout;
}
let cluster: ClusterFixture;

beforeAll(async () => {
  cluster = await startClusterFixture([
    namespaceObject(),
    namespaceObject("empty"),
    rolloutObject("calm"),
    rolloutObject("twin", { replicas: 1 }),
    withSidecar(rolloutObject("sidecars")),
  ]);
  await waitForRollout(cluster.emulator, "calm", (s) => s.phase === "Healthy");
  await Promise.all([
    pausedCanary(cluster.emulator, "web"),
    pausedCanary(cluster.emulator, "last", { steps: [{ setWeight: 50 }, { pause: {} }] }),
    pausedCanary(cluster.emulator, "held"),
  ]);
});

afterAll(async () => {
  await cluster?.close();
});

async function plan(text: string, calls: string[] = []) {
  return planWithRules(
    { text, by: "alice", url: "https://github.com/acme/shop/issues/7#issuecomment-1", issueNumber: 7 },
    {
      tools: {
        call(tool, args) {
          calls.push(tool);
          return cluster.planning.call(tool, args);
        },
      },
      readRepoFile: async () => undefined,
      now: () => NOW,
    },
  );
}

async function planned(text: string) {
  const outcome = await plan(text);
  if (!outcome.ok) throw new Error(`expected a plan for "${text}", got the reply:\n${outcome.reply}`);
  return outcome.plan;
}

async function replyTo(text: string) {
  const outcome = await plan(text);
  if (outcome.ok) throw new Error(`expected a reply for "${text}", got plan ${outcome.plan.metadata.id}`);
  return outcome.reply;
}

const ref = (name: string) => ({ namespace: "shop", name });
const intent = (id: string, check: string, args: object) => ({ id, check, args, timeoutSeconds: 300 });

describe("promote rollout", () => {
  it("plans argo_promote for a Rollout paused at a step, verifying it pauses at the next pause step", async () => {
    const calls: string[] = [];
    const outcome = await plan("promote rollout web in shop", calls);
    if (!outcome.ok) throw new Error(outcome.reply);
    expect(outcome.plan.metadata.id).toBe("7-promote-web");
    expect(outcome.plan.steps).toEqual([
      {
        id: "promote-web",
        tool: "argo_promote",
        args: ref("web"),
        reason: "Promote web past step 1 (pause) as requested; it is Paused (CanaryPauseStep) at step 1/4.",
      },
    ]);
    expect(outcome.plan.verify).toEqual([
      intent("web-paused-at-step-3", "argo_rollout_paused", { ...ref("web"), step: 3 }),
    ]);
    expect(calls.every((tool) => !cluster.isMutatingTool(tool))).toBe(true);
  });

  it("verifies promoted and healthy when no pause step is left", async () => {
    const result = await planned("promote rollout last in shop");
    expect(result.verify).toEqual([
      intent("last-promoted", "argo_rollout_promoted", ref("last")),
      intent("last-healthy", "argo_rollout_healthy", ref("last")),
    ]);
  });

  it("has nothing to do for a fully promoted Rollout", async () => {
    expect(await replyTo("promote rollout calm in shop")).toContain(
      'Nothing would change: Argo Rollout "calm" in namespace "shop" is fully promoted (Healthy at step 4/4); no step is waiting for a promote.',
    );
  });

  it("refuses to promote a Rollout that is not paused, pointing at the full promotion", async () => {
    cluster.emulator.seed([rolloutObject("busy", { replicas: 2 })]);
    await waitForRollout(cluster.emulator, "busy", (s) => s.phase === "Healthy");
    setRolloutImage(cluster.emulator, "busy", "registry.example/broken:2");
    await waitForRollout(
      cluster.emulator,
      "busy",
      (s) => s.phase === "Progressing" && s.currentStepIndex === 0,
    );
    const reply = await replyTo("promote rollout busy in shop");
    expect(reply).toContain('Argo Rollout "busy" in namespace "shop" is not paused (Progressing');
    expect(reply).toContain('ask for "promote rollout busy fully in shop"');
  });

  it("plans argo_promote_full, verifying promoted and healthy", async () => {
    const result = await planned("promote rollout web fully in shop");
    expect(result.steps).toMatchObject([
      { id: "promote-fully-web", tool: "argo_promote_full", args: ref("web") },
    ]);
    expect(result.steps[0]?.reason).toContain("skipping its remaining 3 step(s) and any analysis");
    expect(result.verify.map((v) => v.check)).toEqual(["argo_rollout_promoted", "argo_rollout_healthy"]);
  });
});

describe("abort, retry, pause and resume rollout", () => {
  it("plans an abort of an update in progress, verifying status.abort and the Degraded phase", async () => {
    const result = await planned("abort rollout web in shop");
    expect(result.steps).toMatchObject([{ tool: "argo_abort", args: ref("web") }]);
    expect(result.verify).toEqual([
      intent("web-aborted", "k8s_field_equals", {
        ...ref("web"),
        kind: "Rollout",
        apiVersion: "argoproj.io/v1alpha1",
        path: "status.abort",
        equals: true,
      }),
      intent("web-degraded", "k8s_field_equals", {
        ...ref("web"),
        kind: "Rollout",
        apiVersion: "argoproj.io/v1alpha1",
        path: "status.phase",
        equals: "Degraded",
      }),
    ]);
  });

  it("refuses to abort a Rollout that is healthy and finished", async () => {
    expect(await replyTo("abort rollout calm in shop")).toContain(
      'Argo Rollout "calm" in namespace "shop" has no update in progress (Healthy at step 4/4; stable is the current version), so there is nothing to abort.',
    );
  });

  it("refuses to retry a Rollout that is not aborted", async () => {
    expect(await replyTo("retry rollout web in shop")).toContain("is not aborted");
  });

  it("plans a pause and refuses a resume of a Rollout paused at a canary step", async () => {
    const paused = await planned("pause rollout held in shop");
    expect(paused.steps).toMatchObject([{ tool: "argo_pause", args: ref("held") }]);
    expect(paused.verify.map((v) => v.args.path)).toEqual(["spec.paused", "status.phase"]);
    expect(await replyTo("resume rollout held in shop")).toContain(
      'is paused at a canary step (Paused (CanaryPauseStep) at step 1/4), not by a person: resuming changes nothing. Ask for "promote rollout held in shop"',
    );
  });
});

describe("set image of rollout", () => {
  it("plans argo_set_image for the only container, verifying the image and the first pause step", async () => {
    const result = await planned("set image of rollout calm to nginx:1.28 in shop");
    expect(result.steps).toEqual([
      {
        id: "set-image-calm",
        tool: "argo_set_image",
        args: { ...ref("calm"), container: "app", image: "nginx:1.28" },
        reason:
          "Set the image of container app in Argo Rollout calm from nginx:1.25 to nginx:1.28 as requested; this starts a canary through its steps.",
      },
    ]);
    expect(result.verify).toEqual([
      intent("calm-image-app", "k8s_field_equals", {
        ...ref("calm"),
        kind: "Rollout",
        apiVersion: "argoproj.io/v1alpha1",
        path: "spec.template.spec.containers[name=app].image",
        equals: "nginx:1.28",
      }),
      intent("calm-paused-at-step-1", "argo_rollout_paused", { ...ref("calm"), step: 1 }),
    ]);
  });

  it("expects an immediate promotion when the image goes back to the stable version", async () => {
    const result = await planned("set image of rollout web to nginx:1.25 in shop");
    expect(result.verify.map((v) => v.check)).toEqual([
      "k8s_field_equals",
      "argo_rollout_promoted",
      "argo_rollout_healthy",
    ]);
  });

  it("refuses a Rollout with several containers, naming them", async () => {
    expect(await replyTo("set image of rollout sidecars to nginx:1.28 in shop")).toContain(
      'Argo Rollout "sidecars" in namespace "shop" has 2 containers, and the rules planner only sets the image of a Rollout with exactly one. Its containers are: app, proxy.',
    );
  });

  it("has nothing to do when the image is already set", async () => {
    expect(await replyTo("set image of rollout twin to nginx:1.25 in shop")).toContain(
      'container "app" of Argo Rollout "twin" in namespace "shop" already runs nginx:1.25.',
    );
  });
});

describe("unknown rollouts", () => {
  it("says which Rollouts exist when the name is unknown", async () => {
    const reply = await replyTo("promote rollout ghost in shop");
    expect(reply).toContain(
      'Argo Rollout "ghost" does not exist in namespace "shop". Argo Rollouts in namespace "shop": ',
    );
    expect(reply).toContain("calm, ");
  });

  it("says when the namespace has none, or does not exist", async () => {
    expect(await replyTo("abort rollout web in empty")).toContain(
      'There are no Argo Rollouts in namespace "empty".',
    );
    expect(await replyTo("pause rollout web in nowhere")).toContain('Namespace "nowhere" does not exist');
  });
});

describe("from plan to verified change", () => {
  it("previews the promote as the step change, runs it, and its intent passes", async () => {
    await pausedCanary(cluster.emulator, "e2e");
    const result = await planned("promote rollout e2e in shop");
    const [preview] = await previewPlan(result, cluster.preview, cluster.isMutatingTool);
    expect(preview).toMatchObject({ tool: "argo_promote", mutating: true, changed: true });
    expect(preview?.objects[0]?.key).toBe("Rollout/shop/e2e");
    expect(preview?.objects[0]?.diff).toContain("-  pauseConditions:");
    expect(rolloutStatus(cluster.emulator, "e2e").currentStepIndex).toBe(1); // the preview changed nothing

    const step = result.steps[0];
    if (!step) throw new Error("no step");
    await cluster.run(step.tool, step.args);
    const kube = createKubeClients(cluster.emulator.kubeConfig());
    const verdicts = await Promise.all(
      result.verify.map((entry) => verifyIntent(entry, kube, { timeScale: 0.1 })),
    );
    expect(verdicts.map((v) => [v.check, v.status])).toEqual([["argo_rollout_paused", "passed"]]);
  });
});
