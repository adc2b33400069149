// Verifies a plan's intents against the cluster after its steps ran: every intent at once, each
// watch-driven with its own deadline; the conclusion is what the skyflo/verify check run shows.
import type { KubeClients } from "../../tools/kubernetes/client.ts";
import type { Plan } from "../plan/index.ts";
import type { IntentBackends, IntentResult, Verification } from "./types.ts";
import { verifyIntent } from "./verify-intent.ts";

export interface VerifyOptions {
  /** Cancels the verification: watches close and verifyPlan rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Multiplies every intent's timeoutSeconds (default 1; tests pass a small one). */
  timeScale?: number;
  /** Backends besides Kubernetes that intents may be checked against (Jenkins). */
  backends?: Omit<IntentBackends, "kube">;
}

/** success iff every intent passed; timed_out if any timed out and none failed; else failure. */
export function conclusionOf(results: readonly IntentResult[]): Verification["conclusion"] {
  if (results.some((result) => result.status === "failed")) return "failure";
  if (results.some((result) => result.status === "timed_out")) return "timed_out";
  return "success";
}

export async function verifyPlan(
  plan: Plan,
  kube: KubeClients,
  options: VerifyOptions = {},
): Promise<Verification> {
  const timeScale = options.timeScale ?? 1;
  if (!Number.isFinite(timeScale) || timeScale <= 0) {
    throw new RangeError(`timeScale must be a positive number (got ${timeScale}); use 1 outside tests.`);
  }
  options.signal?.throwIfAborted();
  // allSettled, so that on cancellation every watch has closed before verifyPlan rejects.
  const settled = await Promise.allSettled(
    plan.verify.map((intent) =>
      verifyIntent(intent, kube, { signal: options.signal, timeScale, backends: options.backends }),
    ),
  );
  options.signal?.throwIfAborted();
  const results = settled.map((outcome) => {
    if (outcome.status === "rejected") throw outcome.reason;
    return outcome.value;
  });
  return { conclusion: conclusionOf(results), results };
}
