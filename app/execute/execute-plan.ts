// Runs an approved plan exactly once: checks the approval, takes the plan's Lease (create or
// conflict), re-runs each mutating step as a dry run to catch drift, then runs the steps in order
// through a guarded tool caller, journaling each step in the Lease before and after it runs.
import { isApproval } from "../gate/approval.ts";
import { type Plan, type PlanStep, planDigest } from "../plan/index.ts";
import type { ToolCaller, ToolCallResult } from "../tool-caller.ts";
import { diffDigest, diffText, objectDiffsOf, resultDigest } from "./digests.ts";
import { guardedToolCaller } from "./guarded-tool-caller.ts";
import { JOURNAL_ANNOTATION, type Journal, parseJournal } from "./journal.ts";
import {
  type LeaseObject,
  leaseNameFor,
  leaseWithJournal,
  microTime,
  PLAN_DIGEST_ANNOTATION,
  PlanLease,
} from "./plan-lease.ts";
import { ProgressThrottle } from "./progress-throttle.ts";
import type { ExecuteOptions, ExecuteOutcome, StepState } from "./types.ts";

/** The caller passed something the executor must not act on (a forged approval, another plan). */
export class ExecutionRefusedError extends Error {
  override name = "ExecutionRefusedError";
}

const DEFAULT_LEASE_SECONDS = 300;
const MAX_DIFF_IN_REASON = 1500;

// Runs in this process, per cluster + Lease + holder: a second delivery to the same replica while
// the first still runs must not be mistaken for a restart of that replica.
const activeRuns = new Map<string, number>();

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Ends `text` with a full stop unless it already ends a sentence. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function describeCall(step: PlanStep): string {
  return `${step.tool} ${JSON.stringify(step.args)}`;
}

async function callSafely(
  tools: ToolCaller,
  tool: string,
  args: Record<string, unknown>,
): Promise<ToolCallResult> {
  try {
    return await tools.call(tool, args);
  } catch (error) {
    return { ok: false, error: `${tool} could not be called: ${errorText(error)}` };
  }
}

export async function executePlan(options: ExecuteOptions): Promise<ExecuteOutcome> {
  const { approval, holder, lockNamespace } = options;
  // Run a private copy: changing the caller's plan object after the digest check changes nothing.
  const plan = structuredClone(options.plan);
  if (!isApproval(approval)) {
    throw new ExecutionRefusedError(
      "Refused: the approval was not produced by the gate. Run evaluateGate and pass the approval it returns.",
    );
  }
  const digest = planDigest(plan);
  if (approval.planDigest !== digest) {
    throw new ExecutionRefusedError(
      `Refused: the approval is for plan digest ${approval.planDigest}, but the plan given has digest ${digest}. Re-run the gate on the plan at the pull request's head.`,
    );
  }
  if (!holder.trim())
    throw new ExecutionRefusedError("Refused: holder is empty; pass this replica's identity.");

  const lease = new PlanLease(options.kube, lockNamespace, leaseNameFor(digest));
  const runKey = `${options.kube.config.getCurrentCluster()?.server ?? ""} ${lockNamespace}/${lease.name} ${holder}`;
  activeRuns.set(runKey, (activeRuns.get(runKey) ?? 0) + 1);
  try {
    // Counted when the decision is made, not now: a duplicate that starts later still counts.
    const otherRunsOfThisHolder = () => (activeRuns.get(runKey) ?? 1) > 1;
    return await new Execution(options, plan, digest, lease, otherRunsOfThisHolder).run();
  } finally {
    const left = (activeRuns.get(runKey) ?? 1) - 1;
    if (left > 0) activeRuns.set(runKey, left);
    else activeRuns.delete(runKey);
  }
}

type Saved = { ok: true } | { ok: false; reason: string };

class Execution {
  readonly #options: ExecuteOptions;
  readonly #plan: Plan;
  readonly #digest: string;
  readonly #lease: PlanLease;
  readonly #otherRunsOfThisHolder: () => boolean;
  readonly #now: () => Date;
  readonly #tools: ToolCaller;
  readonly #progress: ProgressThrottle<StepState[]>;
  #current: LeaseObject | undefined;
  #journal!: Journal;
  /** The outcome of the last journal write #finish made. */
  #lastSave: Saved = { ok: true };

  constructor(
    options: ExecuteOptions,
    plan: Plan,
    digest: string,
    lease: PlanLease,
    otherRunsOfThisHolder: () => boolean,
  ) {
    this.#options = options;
    this.#plan = plan;
    this.#digest = digest;
    this.#lease = lease;
    this.#otherRunsOfThisHolder = otherRunsOfThisHolder;
    this.#now = options.now ?? (() => new Date());
    this.#tools = guardedToolCaller(plan, options.tools);
    const onProgress = options.onProgress;
    this.#progress = new ProgressThrottle<StepState[]>({
      send: (steps) => {
        try {
          onProgress?.(steps);
        } catch {
          // A broken progress reporter must not change what runs.
        }
      },
      intervalMs: options.progressIntervalMs ?? 1000,
      now: () => this.#now().getTime(),
      timers: options.progressTimers ?? {
        setTimeout: (callback, ms) => setTimeout(callback, ms),
        clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      },
    });
  }

  get #planName(): string {
    return this.#plan.metadata.id;
  }

  async run(): Promise<ExecuteOutcome> {
    const taken = await this.#takeLock();
    if (taken.kind === "locked") return taken;
    if (taken.kind === "failed") return taken;
    return this.#resumeOrRun();
  }

  // ---- the lock ------------------------------------------------------------------------------

  #freshJournal(): Journal {
    return {
      version: 1,
      planId: this.#planName,
      planDigest: this.#digest,
      status: "running",
      holder: this.#options.holder,
      startedAt: this.#now().toISOString(),
      steps: this.#plan.steps.map((step) => ({ id: step.id, tool: step.tool, status: "pending" })),
    };
  }

  async #takeLock(): Promise<{ kind: "taken" } | Extract<ExecuteOutcome, { kind: "locked" | "failed" }>> {
    const journal = this.#freshJournal();
    const now = microTime(this.#now());
    const created = await this.#lease.create(
      leaseWithJournal(
        {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: {
            name: this.#lease.name,
            namespace: this.#lease.namespace,
            labels: { "app.kubernetes.io/managed-by": "skyflo", "skyflo.dev/plan-id": this.#planName },
            annotations: { [PLAN_DIGEST_ANNOTATION]: this.#digest },
          },
          spec: {},
        },
        journal,
        {
          holderIdentity: this.#options.holder,
          leaseDurationSeconds: this.#options.leaseDurationSeconds ?? DEFAULT_LEASE_SECONDS,
          acquireTime: now,
          renewTime: now,
          leaseTransitions: 0,
        },
      ),
    );
    if (created.kind === "written") {
      this.#current = created.lease;
      this.#journal = journal;
      return { kind: "taken" };
    }
    if (created.kind === "error") {
      // Nothing is locked and nothing ran: a later attempt may try again.
      const steps = journal.steps.map((step) => ({ ...step, status: "skipped" as const }));
      this.#progress.flush(steps);
      return { kind: "failed", steps, reason: `${created.message} Nothing ran.` };
    }
    return this.#takeOver();
  }

  /** The Lease exists: only an unfinished journal whose holder is gone (or is us, restarted) may be resumed. */
  async #takeOver(): Promise<{ kind: "taken" } | { kind: "locked"; reason: string }> {
    const where = this.#lease.describe();
    const read = await this.#lease.read();
    if (read.kind === "error") {
      return {
        kind: "locked",
        reason: `Plan ${this.#planName} is locked by ${where}, which could not be read: ${read.message}`,
      };
    }
    const existing = read.lease;
    const annotations = existing.metadata.annotations ?? {};
    if (annotations[PLAN_DIGEST_ANNOTATION] !== this.#digest) {
      return {
        kind: "locked",
        reason: `${where} belongs to plan digest ${annotations[PLAN_DIGEST_ANNOTATION] ?? "(none)"}, not ${this.#digest}; refusing to use it. Inspect it by hand.`,
      };
    }
    const parsed = parseJournal(annotations[JOURNAL_ANNOTATION]);
    if (!parsed.ok) {
      return {
        kind: "locked",
        reason: `Plan ${this.#planName} is locked by ${where}, but ${parsed.problem}. Inspect it by hand; nothing ran.`,
      };
    }
    const journal = parsed.journal;
    if (journal.status !== "running") {
      return {
        kind: "locked",
        reason: `Plan ${this.#planName} already ran (${journal.status}, by ${journal.holder}, started ${journal.startedAt}); a plan executes once, ever. Ask for /skyflo replan to run it again. Journal: ${where}.`,
      };
    }
    const self = this.#options.holder;
    if (journal.holder === self && this.#otherRunsOfThisHolder()) {
      return {
        kind: "locked",
        reason: `Plan ${this.#planName} is being executed by this replica (${self}) right now.`,
      };
    }
    if (journal.holder !== self && !this.#expired(existing)) {
      return {
        kind: "locked",
        reason: `Plan ${this.#planName} is being executed by ${journal.holder} (${where}, renewed ${existing.spec.renewTime ?? "never"}).`,
      };
    }
    const now = microTime(this.#now());
    const resumed: Journal = { ...journal, holder: self };
    const written = await this.#lease.replace(
      leaseWithJournal(existing, resumed, {
        holderIdentity: self,
        acquireTime: now,
        renewTime: now,
        leaseTransitions: (existing.spec.leaseTransitions ?? 0) + 1,
      }),
    );
    if (written.kind === "conflict") {
      return {
        kind: "locked",
        reason: `Another replica took over ${where} first; plan ${this.#planName} runs there.`,
      };
    }
    if (written.kind === "error") {
      return {
        kind: "locked",
        reason: `Plan ${this.#planName} has an unfinished run in ${where} that could not be taken over: ${written.message}`,
      };
    }
    this.#current = written.lease;
    this.#journal = resumed;
    return { kind: "taken" };
  }

  #expired(lease: LeaseObject): boolean {
    const renewed = Date.parse(lease.spec.renewTime ?? "");
    if (Number.isNaN(renewed)) return true;
    const seconds = lease.spec.leaseDurationSeconds ?? DEFAULT_LEASE_SECONDS;
    return renewed + seconds * 1000 < this.#now().getTime();
  }

  /** Writes the journal with the resourceVersion last seen; a 409 means someone else wrote: stop. */
  async #save(): Promise<Saved> {
    if (!this.#current) return { ok: false, reason: "no Lease is held" };
    const written = await this.#lease.replace(
      leaseWithJournal(this.#current, this.#journal, { renewTime: microTime(this.#now()) }),
    );
    if (written.kind === "written") {
      this.#current = written.lease;
      return { ok: true };
    }
    if (written.kind === "conflict") {
      return {
        ok: false,
        reason: `another writer changed ${this.#lease.describe()} (another replica took over?), so this replica stopped`,
      };
    }
    return { ok: false, reason: written.message };
  }

  // ---- the run -------------------------------------------------------------------------------

  get #steps(): StepState[] {
    return this.#journal.steps;
  }

  #report(): void {
    this.#progress.update(structuredClone(this.#steps));
  }

  /** Ends the run: later steps skipped, journal final (best effort), last progress sent. */
  async #finish(status: Journal["status"], reason?: string): Promise<StepState[]> {
    for (const step of this.#steps) if (step.status === "pending") step.status = "skipped";
    this.#journal.status = status;
    this.#journal.finishedAt = this.#now().toISOString();
    if (reason !== undefined) this.#journal.reason = reason;
    this.#lastSave = await this.#save();
    const steps = structuredClone(this.#steps);
    this.#progress.flush(steps);
    return steps;
  }

  async #resumeOrRun(): Promise<ExecuteOutcome> {
    const planSteps = this.#plan.steps;
    const matches =
      this.#steps.length === planSteps.length &&
      this.#steps.every((step, i) => step.id === planSteps[i]?.id && step.tool === planSteps[i]?.tool);
    if (!matches) {
      const reason = `The journal in ${this.#lease.describe()} lists other steps than plan ${this.#planName}; this attempt ran nothing. Inspect it by hand.`;
      return { kind: "failed", steps: await this.#finish("failed", reason), reason };
    }

    const inFlight = this.#steps.find((step) => step.status === "running");
    if (inFlight) {
      const planStep = planSteps[this.#steps.indexOf(inFlight)] as PlanStep;
      inFlight.status = "unknown";
      const reason = `Step "${inFlight.id}" (${inFlight.tool}) was running when the previous run stopped (started ${inFlight.startedAt ?? "at an unknown time"}); whether it changed the cluster is unknown, so it was not run again. Check the objects that ${describeCall(planStep)} touches, then ask for /skyflo replan for whatever is still needed. Later steps were not run.`;
      return { kind: "resumed-unknown", steps: await this.#finish("resumed-unknown", reason), reason };
    }
    const failed = this.#steps.find((step) => step.status === "failed");
    if (failed) {
      const reason = `Step "${failed.id}" (${failed.tool}) failed in the previous run: ${asSentence(failed.error ?? "no error was recorded")} Later steps were skipped.`;
      return { kind: "failed", steps: await this.#finish("failed", reason), reason };
    }

    this.#report();
    const drift = await this.#checkDrift();
    if (drift !== undefined)
      return { kind: "drifted", steps: await this.#finish("drifted", drift), reason: drift };

    // Succeeded in an earlier run: never again. "running" here is only the next step, announced
    // by the journal write that recorded the previous one.
    const todo = this.#steps.flatMap((state, index) =>
      state.status === "pending" ? [{ state, step: planSteps[index] as PlanStep }] : [],
    );
    for (const [i, { state, step }] of todo.entries()) {
      const stopped = await this.#runStep(step, state, todo[i + 1]?.state);
      if (stopped) return stopped;
    }
    // The last step's result and the end of the run are one journal write.
    const steps = await this.#finish("executed");
    if (!this.#lastSave.ok) {
      const reason = `Every step succeeded, but the journal could not record it: ${this.#lastSave.reason}. Nothing runs unrecorded; check ${this.#lease.describe()}.`;
      return { kind: "failed", steps, reason };
    }
    return { kind: "executed", steps };
  }

  /** Dry-runs every pending mutating step again; a reason when live state no longer matches the approval. */
  async #checkDrift(): Promise<string | undefined> {
    const isMutating = this.#options.isMutatingTool ?? (() => true);
    const approved = this.#options.approvedDiffs;
    const problems: string[] = [];
    for (const [index, state] of this.#steps.entries()) {
      const step = this.#plan.steps[index] as PlanStep;
      if (state.status !== "pending" || !isMutating(step.tool)) continue;
      const result = await callSafely(this.#tools, step.tool, { ...step.args, dryRun: true });
      if (!result.ok) {
        problems.push(`the dry run of step "${step.id}" (${step.tool}) failed: ${result.error}`);
        continue;
      }
      if (approved === undefined) continue;
      const expected = approved[step.id];
      const objects = objectDiffsOf(result.data);
      const actual = diffDigest(objects);
      if (expected === undefined) {
        problems.push(`step "${step.id}" has no approved diff to compare with`);
      } else if (actual !== expected) {
        const now = diffText(objects);
        const shown = now.length > MAX_DIFF_IN_REASON ? `${now.slice(0, MAX_DIFF_IN_REASON)}…` : now;
        problems.push(
          `the live state changed since step "${step.id}" (${step.tool}) was approved: its dry run now shows a different diff (${actual}, approved ${expected}):\n${shown}`,
        );
      }
    }
    if (problems.length === 0) return undefined;
    return `Nothing was run: ${problems.join("; ")}. Ask for /skyflo replan to plan against the cluster as it is now.`;
  }

  /**
   * Runs one step; an outcome when the run must stop. A step is journaled as running before its
   * call. To write the journal once per step, not twice, the write that records a step's result
   * also announces the next step as running (`next`); the last step's result is written by #finish.
   */
  async #runStep(
    step: PlanStep,
    state: StepState,
    next: StepState | undefined,
  ): Promise<ExecuteOutcome | undefined> {
    if (state.status !== "running") {
      state.status = "running";
      state.startedAt = this.#now().toISOString();
      const marked = await this.#save();
      if (!marked.ok) {
        state.status = "pending";
        delete state.startedAt;
        const reason = `Stopped before step "${step.id}" (${step.tool}) because the journal could not record it as running: ${marked.reason}. That step and later ones did not run.`;
        return { kind: "failed", steps: await this.#finish("failed", reason), reason };
      }
    }
    const startedAt = new Date(state.startedAt ?? this.#now().toISOString());
    this.#report();

    const result = await callSafely(this.#tools, step.tool, step.args);
    const finishedAt = this.#now();
    state.finishedAt = finishedAt.toISOString();
    state.durationMs = Math.max(0, finishedAt.getTime() - startedAt.getTime());
    if (result.ok) {
      state.status = "succeeded";
      state.summary = result.summary;
      state.resultDigest = resultDigest(result.data);
    } else {
      state.status = "failed";
      state.error = result.error;
    }
    if (result.ok && next === undefined) return undefined; // recorded by #finish
    if (result.ok && next !== undefined) {
      next.status = "running";
      next.startedAt = this.#now().toISOString();
    }
    const recorded = await this.#save();
    this.#report();
    if (!recorded.ok) {
      if (next !== undefined) {
        next.status = "pending";
        delete next.startedAt;
      }
      const reason = `Step "${step.id}" (${step.tool}) ${result.ok ? "succeeded" : "failed"}, but the journal could not record it: ${recorded.reason}. Stopped so that nothing runs unrecorded; later steps did not run.`;
      return { kind: "failed", steps: await this.#finish("failed", reason), reason };
    }
    if (!result.ok) {
      const reason = `Step "${step.id}" (${step.tool}) failed: ${asSentence(result.error)} Later steps were skipped.`;
      return { kind: "failed", steps: await this.#finish("failed", reason), reason };
    }
    return undefined;
  }
}
