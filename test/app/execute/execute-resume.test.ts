// After a crash the journal in the plan's Lease decides: finished steps never run again, a step that
// was in flight is reported as unknown (never re-run), and a live holder keeps its lock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executePlan, type Journal, parseJournal, type StepState } from "../../../app/execute/index.ts";
import { type Plan, planDigest } from "../../../app/plan/index.ts";
import type { ToolCaller } from "../../../app/tool-caller.ts";
import {
  appendEnvStep,
  deployment,
  type ExecuteFixture,
  lockNamespace,
  makePlan,
  optionsFor,
  type Replica,
  startExecuteFixture,
  storedLease,
} from "./execute-fixture.ts";

let fixture: ExecuteFixture;
let replicaA: Replica;
let replicaB: Replica;

beforeAll(async () => {
  fixture = await startExecuteFixture([deployment("web")]);
  replicaA = await fixture.replica("replica-a");
  replicaB = await fixture.replica("replica-b");
});

afterAll(async () => {
  await fixture?.close();
});

const runsOf = (prefix: string) => fixture.runs("web").filter((value) => value.startsWith(prefix));

function journalOf(plan: Plan): Journal {
  const parsed = parseJournal(
    storedLease(fixture.emulator, plan)?.metadata.annotations?.["skyflo.dev/journal"],
  );
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.journal;
}

/** Puts a Lease in the cluster as a crashed run would have left it. */
function leaveCrashedRun(
  plan: Plan,
  holder: string,
  statuses: StepState["status"][],
  options: { renewedAt?: Date; journalText?: string } = {},
): void {
  const digest = planDigest(plan);
  const journal: Journal = {
    version: 1,
    planId: plan.metadata.id,
    planDigest: digest,
    status: "running",
    holder,
    startedAt: "2026-11-25T10:00:00.000Z",
    steps: plan.steps.map((step, i) => ({
      id: step.id,
      tool: step.tool,
      status: statuses[i] ?? "pending",
      ...(statuses[i] === "pending" ? {} : { startedAt: "2026-11-25T10:00:01.000Z" }),
    })),
  };
  const renewTime = (options.renewedAt ?? new Date()).toISOString().replace("Z", "000Z");
  fixture.emulator.seed([
    {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: {
        name: `skyflo-${digest.slice(7, 47)}`,
        namespace: lockNamespace,
        annotations: {
          "skyflo.dev/plan-digest": digest,
          "skyflo.dev/journal": options.journalText ?? JSON.stringify(journal),
        },
      },
      spec: {
        holderIdentity: holder,
        leaseDurationSeconds: 300,
        acquireTime: renewTime,
        renewTime,
        leaseTransitions: 0,
      },
    },
  ]);
}

describe("executePlan after a crash", () => {
  it("skips a step the journal says succeeded and runs the rest (the restarted replica resumes)", async () => {
    const plan = makePlan([
      appendEnvStep("first", "web", "skip-1"),
      appendEnvStep("second", "web", "skip-2"),
    ]);
    leaveCrashedRun(plan, "replica-a", ["succeeded", "pending"]);

    const outcome = await executePlan(await optionsFor(replicaA, plan));

    expect(outcome.kind).toBe("executed");
    if (outcome.kind !== "executed") return;
    expect(outcome.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded"]);
    expect(outcome.steps[0]?.summary).toBeUndefined(); // from the journal, not from a new call
    expect(runsOf("skip-")).toEqual(["skip-2"]); // step 1's mutation did not happen (again)
    expect(journalOf(plan).status).toBe("executed");
    expect(storedLease(fixture.emulator, plan)?.spec).toMatchObject({ leaseTransitions: 1 });
  });

  it("reports a step left running as unknown, naming it and what to check, and never runs it again", async () => {
    const plan = makePlan([
      appendEnvStep("first", "web", "inflight-1"),
      appendEnvStep("second", "web", "inflight-2"),
      appendEnvStep("third", "web", "inflight-3"),
    ]);
    leaveCrashedRun(plan, "replica-a", ["succeeded", "running", "pending"]);
    const progress: StepState[][] = [];

    const outcome = await executePlan(
      await optionsFor(replicaA, plan, { onProgress: (s) => progress.push(s) }),
    );

    expect(outcome.kind).toBe("resumed-unknown");
    if (outcome.kind !== "resumed-unknown") return;
    expect(outcome.steps.map((s) => s.status)).toEqual(["succeeded", "unknown", "skipped"]);
    expect(outcome.reason).toContain('Step "second" (k8s_patch) was running when the previous run stopped');
    expect(outcome.reason).toContain("it was not run again");
    expect(outcome.reason).toContain('Check the objects that k8s_patch {"namespace":"shop"');
    expect(outcome.reason).toContain("/skyflo replan");
    expect(runsOf("inflight-")).toEqual([]);
    expect(progress.at(-1)).toEqual(outcome.steps);
    expect(journalOf(plan)).toMatchObject({ status: "resumed-unknown" });

    const again = await executePlan(await optionsFor(replicaB, plan));
    expect(again.kind).toBe("locked");
    expect(runsOf("inflight-")).toEqual([]);
  });

  it("a replica that dies mid-step: another replica takes over only once its Lease expired, and reports the step as unknown", async () => {
    const plan = makePlan([
      appendEnvStep("first", "web", "dies-1"),
      appendEnvStep("second", "web", "dies-2"),
    ]);
    // Replica A's second call really happens, then A hangs forever (as if the process froze or died).
    let release!: () => void;
    const frozen = new Promise<void>((resolve) => {
      release = resolve;
    });
    let secondCallDone!: () => void;
    const secondCalled = new Promise<void>((resolve) => {
      secondCallDone = resolve;
    });
    const dyingTools: ToolCaller = {
      async call(tool, args) {
        const result = await replicaA.tools.call(tool, args);
        if (args.dryRun !== true && JSON.stringify(args).includes("dies-2")) {
          secondCallDone();
          await frozen;
        }
        return result;
      },
    };
    const runA = executePlan(
      await optionsFor(replicaA, plan, { tools: dyingTools, leaseDurationSeconds: 30 }),
    );
    await secondCalled;
    expect(runsOf("dies-")).toEqual(["dies-1", "dies-2"]);
    expect(journalOf(plan).steps.map((s) => s.status)).toEqual(["succeeded", "running"]);

    // While A's Lease is fresh, B is locked out.
    const early = await executePlan(await optionsFor(replicaB, plan));
    expect(early.kind).toBe("locked");
    if (early.kind === "locked") expect(early.reason).toContain("is being executed by replica-a");

    // 31 s later by B's clock A has not renewed: B takes over and reports the in-flight step.
    const later = () => new Date(Date.now() + 31_000);
    const takeover = await executePlan(await optionsFor(replicaB, plan, { now: later }));
    expect(takeover.kind).toBe("resumed-unknown");
    if (takeover.kind === "resumed-unknown") {
      expect(takeover.steps.map((s) => s.status)).toEqual(["succeeded", "unknown"]);
      expect(takeover.reason).toContain('Step "second"');
    }
    expect(storedLease(fixture.emulator, plan)?.spec).toMatchObject({ holderIdentity: "replica-b" });

    // A wakes up: its journal write conflicts, it stops, and nothing ran twice.
    release();
    const resultA = await runA;
    expect(resultA.kind).toBe("failed");
    if (resultA.kind === "failed") expect(resultA.reason).toContain("another writer changed Lease");
    expect(runsOf("dies-")).toEqual(["dies-1", "dies-2"]);
    expect(journalOf(plan)).toMatchObject({ status: "resumed-unknown", holder: "replica-b" });
  });

  it("finishes a crashed run whose journal already recorded a failed step as failed, running nothing", async () => {
    const plan = makePlan([
      appendEnvStep("first", "web", "recfail-1"),
      appendEnvStep("second", "web", "recfail-2"),
    ]);
    leaveCrashedRun(plan, "replica-a", ["failed", "pending"]);
    const outcome = await executePlan(await optionsFor(replicaA, plan));
    expect(outcome.kind).toBe("failed");
    if (outcome.kind === "failed") {
      expect(outcome.steps.map((s) => s.status)).toEqual(["failed", "skipped"]);
      expect(outcome.reason).toContain('Step "first" (k8s_patch) failed in the previous run');
    }
    expect(runsOf("recfail-")).toEqual([]);
  });

  it("leaves a live run of another replica alone", async () => {
    const plan = makePlan([appendEnvStep("first", "web", "live-1")]);
    leaveCrashedRun(plan, "replica-b", ["pending"]);
    const outcome = await executePlan(await optionsFor(replicaA, plan));
    expect(outcome).toMatchObject({ kind: "locked" });
    if (outcome.kind === "locked") expect(outcome.reason).toContain("is being executed by replica-b");
    expect(runsOf("live-")).toEqual([]);
  });

  it("takes over an expired run of another replica and runs its pending steps", async () => {
    const plan = makePlan([
      appendEnvStep("first", "web", "expired-1"),
      appendEnvStep("second", "web", "expired-2"),
    ]);
    leaveCrashedRun(plan, "replica-b", ["succeeded", "pending"], {
      renewedAt: new Date(Date.now() - 600_000),
    });
    const outcome = await executePlan(await optionsFor(replicaA, plan));
    expect(outcome.kind).toBe("executed");
    expect(runsOf("expired-")).toEqual(["expired-2"]);
    expect(journalOf(plan).holder).toBe("replica-a");
  });

  it("never guesses at a journal it cannot read", async () => {
    const plan = makePlan([appendEnvStep("first", "web", "corrupt-1")]);
    leaveCrashedRun(plan, "replica-a", ["pending"], { journalText: '{"version": 1, "steps": "nope"' });
    const outcome = await executePlan(await optionsFor(replicaA, plan));
    expect(outcome.kind).toBe("locked");
    if (outcome.kind === "locked") {
      expect(outcome.reason).toContain("the annotation skyflo.dev/journal is not JSON");
      expect(outcome.reason).toContain("Inspect it by hand");
    }
    expect(runsOf("corrupt-")).toEqual([]);
  });
});
