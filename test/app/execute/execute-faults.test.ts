// The cluster API failing mid-run (500, 409, a response slower than the tool's deadline) fails the
// run at that step, skips the rest, keeps the journal, and the plan is never run again; live state
// that drifted from the approved dry run stops the run before anything changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  diffDigest,
  executePlan,
  type Journal,
  leaseNameFor,
  parseJournal,
} from "../../../app/execute/index.ts";
import { type Plan, planDigest } from "../../../app/plan/index.ts";
import { previewPlan } from "../../../app/preview/index.ts";
import type { ToolCaller } from "../../../app/tool-caller.ts";
import {
  appendEnvStep,
  deployment,
  type ExecuteFixture,
  lockNamespace,
  makePlan,
  namespace,
  optionsFor,
  type Replica,
  scaleStep,
  startExecuteFixture,
  storedLease,
} from "./execute-fixture.ts";

let fixture: ExecuteFixture;
let replica: Replica;
let slowReplica: Replica;

beforeAll(async () => {
  fixture = await startExecuteFixture([deployment("web"), deployment("slow"), deployment("drift")]);
  replica = await fixture.replica("replica-a");
  slowReplica = await fixture.replica("replica-slow", { callTimeoutMs: 300 });
});

afterAll(async () => {
  fixture?.emulator.faults.clear();
  await fixture?.close();
});

const spec = (name: string) => fixture.stored(name).spec as { replicas: number };
const generation = (name: string) => fixture.stored(name).metadata.generation;

function journalOf(plan: Plan): Journal {
  const parsed = parseJournal(
    storedLease(fixture.emulator, plan)?.metadata.annotations?.["skyflo.dev/journal"],
  );
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.journal;
}

/** Arms `arm` right before the real (not dry-run) call of `tool`, so the drift check's dry run is not hit. */
function armBeforeRealCall(inner: ToolCaller, tool: string, arm: () => void): ToolCaller {
  return {
    call(name, args) {
      if (name === tool && args.dryRun !== true) arm();
      return inner.call(name, args);
    },
  };
}

describe("executePlan when the cluster API fails mid-run", () => {
  const cases = [
    { status: 500, message: "etcd leader changed", expected: /etcd leader changed/ },
    { status: 409, message: "the object has been modified", expected: /the object has been modified/ },
  ];
  for (const { status, message, expected } of cases) {
    it(`fails at the step that got HTTP ${status}, skips the rest, and never runs the plan again`, async () => {
      const tag = `fault-${status}`;
      const plan = makePlan([
        appendEnvStep("mark-before", "web", `${tag}-1`),
        scaleStep("scale-web", "web", 7),
        appendEnvStep("mark-after", "web", `${tag}-2`),
      ]);
      const before = spec("web").replicas;
      const tools = armBeforeRealCall(replica.tools, "k8s_scale", () =>
        fixture.emulator.faults.failNext({
          path: `/apis/apps/v1/namespaces/${namespace}/deployments/web/scale`,
          method: "PATCH",
          status,
          message,
        }),
      );

      const outcome = await executePlan(await optionsFor(replica, plan, { tools }));

      expect(outcome.kind).toBe("failed");
      if (outcome.kind !== "failed") return;
      expect(outcome.steps.map((s) => s.status)).toEqual(["succeeded", "failed", "skipped"]);
      expect(outcome.steps[1]?.error).toMatch(expected);
      expect(outcome.reason).toMatch(/^Step "scale-web" \(k8s_scale\) failed: /);
      expect(outcome.reason).toContain("Later steps were skipped.");
      expect(fixture.runs("web").filter((v) => v.startsWith(tag))).toEqual([`${tag}-1`]);
      expect(spec("web").replicas).toBe(before);

      const journal = journalOf(plan);
      expect(journal.status).toBe("failed");
      expect(journal.steps.map((s) => s.status)).toEqual(["succeeded", "failed", "skipped"]);
      expect(journal.steps[1]?.error).toMatch(expected);

      const rerun = await executePlan(await optionsFor(replica, plan));
      expect(rerun.kind).toBe("locked");
      if (rerun.kind === "locked") expect(rerun.reason).toContain("already ran (failed");
      expect(fixture.runs("web").filter((v) => v.startsWith(tag))).toEqual([`${tag}-1`]);
      expect(spec("web").replicas).toBe(before);
    });
  }

  it("fails a step whose API call outlives the tool's deadline, and never runs the plan again", async () => {
    const plan = makePlan([scaleStep("scale-slow", "slow", 6), appendEnvStep("mark-after", "slow", "late")]);
    const generationBefore = generation("slow");
    const tools = armBeforeRealCall(slowReplica.tools, "k8s_scale", () =>
      fixture.emulator.faults.delay({
        path: `/apis/apps/v1/namespaces/${namespace}/deployments/slow/scale`,
        method: "PATCH",
        ms: 1500,
        count: 1,
      }),
    );

    const outcome = await executePlan(await optionsFor(slowReplica, plan, { tools }));

    expect(outcome.kind).toBe("failed");
    if (outcome.kind !== "failed") return;
    expect(outcome.steps.map((s) => s.status)).toEqual(["failed", "skipped"]);
    expect(outcome.steps[0]?.error).toBe(
      "k8s_scale did not finish within 300 ms. Check that the cluster API is reachable, or retry with a narrower request.",
    );
    expect(journalOf(plan).status).toBe("failed");
    const rerun = await executePlan(await optionsFor(slowReplica, plan));
    expect(rerun.kind).toBe("locked");
    // The abandoned request may still land once on the server, never twice; the later step never ran.
    expect((generation("slow") ?? 0) - (generationBefore ?? 0)).toBeLessThanOrEqual(1);
    expect(fixture.runs("slow")).toEqual([]);
  });
});

describe("executePlan when the journal cannot be written mid-run", () => {
  for (const status of [500, 409]) {
    it(`stops after a step whose result the Lease update refused with HTTP ${status}`, async () => {
      const tag = `journal-${status}`;
      const plan = makePlan([
        appendEnvStep("first", "web", `${tag}-1`),
        appendEnvStep("second", "web", `${tag}-2`),
      ]);
      const leasePath = `/apis/coordination.k8s.io/v1/namespaces/${lockNamespace}/leases/${leaseNameFor(planDigest(plan))}`;
      const tools = armBeforeRealCall(replica.tools, "k8s_patch", () =>
        fixture.emulator.faults.failNext({
          path: leasePath,
          method: "PUT",
          status,
          message: "journal refused",
        }),
      );

      const outcome = await executePlan(await optionsFor(replica, plan, { tools }));

      expect(outcome.kind).toBe("failed");
      if (outcome.kind !== "failed") return;
      expect(outcome.reason).toMatch(
        /^Step "first" \(k8s_patch\) succeeded, but the journal could not record it: /,
      );
      expect(outcome.reason).toContain(
        status === 409 ? "another writer changed Lease" : `HTTP 500: journal refused`,
      );
      expect(outcome.reason).toContain("later steps did not run");
      expect(outcome.steps.map((s) => s.status)).toEqual(["succeeded", "skipped"]);
      expect(fixture.runs("web").filter((v) => v.startsWith(tag))).toEqual([`${tag}-1`]);
      expect((await executePlan(await optionsFor(replica, plan))).kind).toBe("locked");
      expect(fixture.runs("web").filter((v) => v.startsWith(tag))).toEqual([`${tag}-1`]);
    });
  }
});

describe("executePlan drift check", () => {
  /** What the plan PR showed: the previews made when the plan was planned (app/preview). */
  async function approvedDiffsFor(plan: Plan): Promise<Record<string, string>> {
    const previews = await previewPlan(plan, replica.tools, replica.isMutatingTool);
    return Object.fromEntries(previews.map((preview) => [preview.stepId, diffDigest(preview.objects)]));
  }

  it("runs when the dry run still shows the approved diff", async () => {
    const plan = makePlan([scaleStep("scale-drift", "drift", 3)]);
    const approvedDiffs = await approvedDiffsFor(plan);
    const outcome = await executePlan(await optionsFor(replica, plan, { approvedDiffs }));
    expect(outcome.kind).toBe("executed");
    expect(spec("drift").replicas).toBe(3);
  });

  it("stops before anything runs when the live object changed since approval", async () => {
    const plan = makePlan([appendEnvStep("mark", "drift", "drifted"), scaleStep("scale-drift", "drift", 8)]);
    const approvedDiffs = await approvedDiffsFor(plan);
    // Someone scales the Deployment by hand after the plan was approved.
    const manual = await replica.harness.ok("k8s_scale", {
      namespace,
      kind: "Deployment",
      name: "drift",
      replicas: 5,
    });
    expect(manual).toMatchObject({ replicas: 5 });
    const generationBefore = generation("drift");

    const outcome = await executePlan(await optionsFor(replica, plan, { approvedDiffs }));

    expect(outcome.kind).toBe("drifted");
    if (outcome.kind !== "drifted") return;
    expect(outcome.reason).toMatch(/^Nothing was run: /);
    // Only the step whose diff changed is named; the env patch's diff does not show replicas.
    expect(outcome.reason).toContain(
      'the live state changed since step "scale-drift" (k8s_scale) was approved',
    );
    expect(outcome.reason).not.toContain('step "mark"');
    expect(outcome.reason).toMatch(/\n-\s+replicas: 5\n\+\s+replicas: 8\n/);
    expect(outcome.reason).toContain("/skyflo replan");
    expect(outcome.steps.map((s) => s.status)).toEqual(["skipped", "skipped"]);
    expect(generation("drift")).toBe(generationBefore);
    expect(spec("drift").replicas).toBe(5);
    expect(fixture.runs("drift")).toEqual([]);
    expect(journalOf(plan).status).toBe("drifted");
    expect((await executePlan(await optionsFor(replica, plan, { approvedDiffs }))).kind).toBe("locked");
  });

  it("stops when a mutating step has no approved diff to compare with", async () => {
    const plan = makePlan([scaleStep("scale-drift", "drift", 4)]);
    const outcome = await executePlan(await optionsFor(replica, plan, { approvedDiffs: {} }));
    expect(outcome.kind).toBe("drifted");
    if (outcome.kind === "drifted")
      expect(outcome.reason).toContain('step "scale-drift" has no approved diff');
    expect(spec("drift").replicas).toBe(5);
  });

  it("stops when the dry run itself fails (the object is gone)", async () => {
    const plan = makePlan([scaleStep("scale-gone", "gone", 2)]);
    const outcome = await executePlan(await optionsFor(replica, plan));
    expect(outcome.kind).toBe("drifted");
    if (outcome.kind === "drifted") {
      expect(outcome.reason).toContain('the dry run of step "scale-gone" (k8s_scale) failed: ');
      expect(outcome.reason).toContain("not found");
    }
  });
});
