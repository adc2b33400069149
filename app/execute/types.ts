// The executor's contract: what it needs, what it reports while running, and how a run ends.

import type { KubeClients } from "../../tools/kubernetes/client.ts";
import type { Approval } from "../gate/approval.ts";
import type { Plan } from "../plan/index.ts";
import type { ToolCaller } from "../tool-caller.ts";

export type StepStatus = "pending" | "running" | "succeeded" | "failed" | "skipped" | "unknown";

export interface StepState {
  id: string;
  tool: string;
  status: StepStatus;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  summary?: string;
  /** "sha256:" + hex of the canonical JSON of the tool's structured result. */
  resultDigest?: string;
  error?: string;
}

export type ExecuteOutcome =
  | { kind: "executed"; steps: StepState[] }
  | { kind: "failed"; steps: StepState[]; reason: string }
  | { kind: "drifted"; steps: StepState[]; reason: string }
  | { kind: "locked"; reason: string }
  | { kind: "resumed-unknown"; steps: StepState[]; reason: string };

/** Timers for the progress throttle; tests pass fakes so nothing waits for real time. */
export interface ProgressTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ExecuteOptions {
  /** From the gate (evaluateGate); its planDigest must equal planDigest(plan). */
  approval: Approval;
  plan: Plan;
  /** Mutating calls allowed; the executor wraps it so only the plan's steps can be called. */
  tools: ToolCaller;
  /** For the lock/journal Lease. */
  kube: KubeClients;
  /** Namespace where the Leases live (e.g. "skyflo-system"); it must exist. */
  lockNamespace: string;
  /** This replica's identity, written as the Lease's holderIdentity. */
  holder: string;
  /** stepId → diffDigest() of the dry-run diff that was approved, for the drift check. */
  approvedDiffs?: Record<string, string>;
  /**
   * Which tools change the cluster (only those are dry-run for the drift check). Default: every
   * tool is treated as mutating (fail closed). mcpMutatingTools(client) answers from the server's
   * annotations.
   */
  isMutatingTool?(tool: string): boolean;
  /** Called at most about once a second while running, and always once at the end. */
  onProgress?(steps: StepState[]): void;
  now?(): Date;
  /** How long another replica waits for this one's Lease renewal before it may take over (default 300). */
  leaseDurationSeconds?: number;
  /** Minimum time between progress calls (default 1000 ms). */
  progressIntervalMs?: number;
  progressTimers?: ProgressTimers;
}
