// executePlan against the Kubernetes emulator through a real MCP client and server: the approval is
// checked, steps run in order once, and one execution per plan holds for duplicate deliveries, the
// same replica twice at once, and two replicas sharing the cluster.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StepState } from "../../../app/execute/index.ts";
import { ExecutionRefusedError, executePlan, parseJournal } from "../../../app/execute/index.ts";
import {
  appendEnvStep,
  deployment,
  type ExecuteFixture,
  lockNamespace,
  makePlan,
  optionsFor,
  type Replica,
  scaleStep,
  startExecuteFixture,
  storedLease,
} from "./execute-fixture.ts";

let fixture: ExecuteFixture;
let replicaA: Replica;
let replicaB: Replica;

beforeAll(async () => {
  fixture = await startExecuteFixture([
    deployment("web"),
    deployment("api"),
    deployment("race"),
    deployment("journal"),
  ]);
  replicaA = await fixture.replica("replica-a");
  replicaB = await fixture.replica("replica-b");
});

afterAll(async () => {
  await fixture?.close();
});

function journalOf(plan: Parameters<typeof storedLease>[1]) {
  const lease = storedLease(fixture.emulator, plan);
  const parsed = parseJournal(lease?.metadata.annotations?.["skyflo.dev/journal"]);
  if (!parsed.ok) throw new Error(parsed.problem);
  return { lease, journal: parsed.journal };
}

describe("executePlan", () => {
  it("runs every step in order through MCP, journals it in a Lease and reports progress at the end", async () => {
    const plan = makePlan([scaleStep("scale-web", "web", 4), appendEnvStep("mark-api", "api", "1")]);
    const progress: StepState[][] = [];
    const outcome = await executePlan(
      await optionsFor(replicaA, plan, { onProgress: (s) => progress.push(s) }),
    );

    expect(outcome.kind).toBe("executed");
    if (outcome.kind !== "executed") return;
    expect(outcome.steps.map((s) => [s.id, s.tool, s.status])).toEqual([
      ["scale-web", "k8s_scale", "succeeded"],
      ["mark-api", "k8s_patch", "succeeded"],
    ]);
    const [scale] = outcome.steps;
    expect(scale?.summary).toBe("Scaled deployment shop/web from 2 to 4 replicas.");
    expect(scale?.resultDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(scale?.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(scale?.finishedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(scale?.startedAt ?? ""));
    expect((fixture.stored("web").spec as { replicas: number }).replicas).toBe(4);
    expect(fixture.runs("api")).toEqual(["1"]);

    expect(progress.at(-1)).toEqual(outcome.steps);

    const { lease, journal } = journalOf(plan);
    expect(lease?.metadata.name).toMatch(/^skyflo-[0-9a-f]{40}$/);
    expect(lease?.metadata.labels).toMatchObject({ "skyflo.dev/plan-id": plan.metadata.id });
    expect(lease?.spec).toMatchObject({ holderIdentity: "replica-a", leaseTransitions: 0 });
    expect(journal).toMatchObject({ status: "executed", holder: "replica-a", planId: plan.metadata.id });
    expect(journal.steps).toEqual(outcome.steps);
  });

  it("journals each step as running before its call; one write records a result and announces the next step", async () => {
    const plan = makePlan([
      scaleStep("scale-journal", "journal", 5),
      appendEnvStep("mark-journal", "journal", "1"),
    ]);
    const seen: string[][] = [];
    const watching = {
      async call(tool: string, args: Record<string, unknown>) {
        if (args.dryRun !== true) seen.push(journalOf(plan).journal.steps.map((s) => `${s.id}:${s.status}`));
        return replicaA.tools.call(tool, args);
      },
    };
    const outcome = await executePlan({ ...(await optionsFor(replicaA, plan)), tools: watching });
    expect(outcome.kind).toBe("executed");
    expect(seen).toEqual([
      ["scale-journal:running", "mark-journal:pending"],
      ["scale-journal:succeeded", "mark-journal:running"],
    ]);
    expect(journalOf(plan).journal.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded"]);
  });

  it("runs a plan once, ever: executing it again later answers locked and changes nothing", async () => {
    const plan = makePlan([appendEnvStep("mark-web", "web", "once")]);
    const first = await executePlan(await optionsFor(replicaA, plan));
    expect(first.kind).toBe("executed");
    for (const replica of [replicaA, replicaB]) {
      const again = await executePlan(await optionsFor(replica, plan));
      expect(again.kind).toBe("locked");
      if (again.kind === "locked") {
        expect(again.reason).toContain("already ran (executed, by replica-a");
        expect(again.reason).toContain("/skyflo replan");
      }
    }
    expect(fixture.runs("web")).toEqual(["once"]);
  });

  it("the same approval delivered twice at once to one replica executes once, whichever takes the Lease", async () => {
    for (let round = 0; round < 5; round++) {
      const plan = makePlan([
        appendEnvStep("mark-1", "race", `dup${round}-1`),
        appendEnvStep("mark-2", "race", `dup${round}-2`),
      ]);
      const options = await optionsFor(replicaA, plan);
      const outcomes = await Promise.all([executePlan(options), executePlan({ ...options })]);
      expect(outcomes.map((o) => o.kind).sort()).toEqual(["executed", "locked"]);
      const locked = outcomes.find((o) => o.kind === "locked");
      expect(locked?.kind === "locked" && locked.reason).toMatch(
        /being executed by this replica \(replica-a\)|already ran/,
      );
      expect(fixture.runs("race").filter((v) => v.startsWith(`dup${round}-`))).toEqual([
        `dup${round}-1`,
        `dup${round}-2`,
      ]);
    }
  });

  it("two replicas with their own clients, sharing one cluster, execute a plan once between them", async () => {
    for (let round = 0; round < 5; round++) {
      const plan = makePlan([
        appendEnvStep("mark-1", "race", `r${round}-1`),
        appendEnvStep("mark-2", "race", `r${round}-2`),
      ]);
      const [a, b] = await Promise.all([optionsFor(replicaA, plan), optionsFor(replicaB, plan)]);
      const outcomes = await Promise.all([executePlan(a), executePlan(b)]);
      expect(outcomes.map((o) => o.kind).sort()).toEqual(["executed", "locked"]);
      const locked = outcomes.find((o) => o.kind === "locked");
      expect(locked?.kind === "locked" && locked.reason).toMatch(
        /is being executed by replica-[ab]|already ran/,
      );
      expect(fixture.runs("race").filter((v) => v.startsWith(`r${round}-`))).toEqual([
        `r${round}-1`,
        `r${round}-2`,
      ]);
    }
  });

  it("refuses an approval that the gate did not make, a copy of one, and an approval of another plan", async () => {
    const plan = makePlan([scaleStep("scale-web", "web", 3)]);
    const options = await optionsFor(replicaA, plan);
    const { approval } = options;
    const lookAlike = {
      planDigest: approval.planDigest,
      headSha: approval.headSha,
      approvers: approval.approvers,
    };
    await expect(executePlan({ ...options, approval: lookAlike as never })).rejects.toThrow(
      ExecutionRefusedError,
    );
    await expect(executePlan({ ...options, approval: { ...approval } as never })).rejects.toThrow(
      /not produced by the gate/,
    );
    const other = makePlan([scaleStep("scale-web", "web", 9)]);
    await expect(executePlan({ ...options, plan: other })).rejects.toThrow(
      /approval is for plan digest sha256:/,
    );
    await expect(executePlan({ ...options, holder: " " })).rejects.toThrow(/holder is empty/);
    expect(storedLease(fixture.emulator, plan)).toBeUndefined();
    expect(storedLease(fixture.emulator, other)).toBeUndefined();
    expect((fixture.stored("web").spec as { replicas: number }).replicas).toBe(4);
  });

  it("fails without running anything, and without locking the plan, when the lock namespace does not exist", async () => {
    const plan = makePlan([appendEnvStep("mark", "api", "no-lock")]);
    const outcome = await executePlan(await optionsFor(replicaA, plan, { lockNamespace: "missing" }));
    expect(outcome.kind).toBe("failed");
    if (outcome.kind !== "failed") return;
    expect(outcome.reason).toContain("Does namespace missing exist?");
    expect(outcome.reason).toContain("Nothing ran.");
    expect(outcome.steps.map((s) => s.status)).toEqual(["skipped"]);
    expect(fixture.runs("api")).not.toContain("no-lock");
    // The plan is not burned: with the right namespace it runs.
    const retry = await executePlan(await optionsFor(replicaA, plan, { lockNamespace }));
    expect(retry.kind).toBe("executed");
    expect(fixture.runs("api")).toContain("no-lock");
  });
});
