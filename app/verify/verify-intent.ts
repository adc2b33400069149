// Runs one verify entry to a result: validates it, watches until it passes, fails for good, or its
// deadline (timeoutSeconds × timeScale) passes. A cancelled run rejects with the signal's reason.
import type { z } from "zod";
import type { KubeClients } from "../../tools/kubernetes/client.ts";
import type { PlanVerify } from "../plan/index.ts";
import { describeValue } from "./describe-value.ts";
import { intentKinds } from "./intents/index.ts";
import { pollUntilSettled } from "./poll-intent.ts";
import { type IntentBackends, type IntentResult, type Observation, VerifyError } from "./types.ts";
import { followCollection } from "./watch-collection.ts";

export interface IntentRunOptions {
  signal?: AbortSignal;
  /** Multiplies every timeoutSeconds (tests use a small one). */
  timeScale: number;
  /** Backends besides Kubernetes that intents may be checked against (Jenkins). */
  backends?: Omit<IntentBackends, "kube">;
}

function argumentProblems(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join(".") : "args";
      return issue.code === "unrecognized_keys"
        ? `${where}: unknown argument${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((k) => `"${k}"`).join(", ")}`
        : `${where}: ${issue.message}`;
    })
    .join("; ");
}

export async function verifyIntent(
  intent: PlanVerify,
  kube: KubeClients,
  options: IntentRunOptions,
): Promise<IntentResult> {
  const started = performance.now();
  const finish = (status: IntentResult["status"], expected: string, observed: string): IntentResult => ({
    id: intent.id,
    check: intent.check,
    expected,
    observed,
    status,
    durationMs: Math.round(performance.now() - started),
  });
  const fallbackExpected = `${intent.check} ${describeValue(intent.args)}`;
  const kind = intentKinds.get(intent.check);
  if (!kind) {
    const known = [...intentKinds.keys()].join(", ");
    return finish(
      "failed",
      fallbackExpected,
      `Skyflo has no check called "${intent.check}"; use one of ${known} in verify entry "${intent.id}".`,
    );
  }
  const parsed = kind.args.safeParse(intent.args);
  if (!parsed.success) {
    return finish(
      "failed",
      fallbackExpected,
      `The arguments of verify entry "${intent.id}" (${intent.check}) are not valid: ${argumentProblems(parsed.error)}.`,
    );
  }
  let expected = kind.expected(parsed.data);

  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new Error(`verify entry "${intent.id}" reached its deadline`)),
    Math.max(1, Math.round(intent.timeoutSeconds * 1000 * options.timeScale)),
  );
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  let last: Observation | undefined;
  let problem: string | undefined;
  try {
    const prepared = await kind.prepare(parsed.data, kube, signal, { ...options.backends, kube });
    expected = prepared.expected ?? expected;
    const onProblem = (sentence: string | undefined) => {
      problem = sentence;
    };
    const settled =
      "poll" in prepared
        ? await pollUntilSettled(prepared, { signal, onProblem, onObservation: (seen) => (last = seen) })
        : await followCollection(
            kube,
            prepared.query,
            (objects) => {
              last = prepared.evaluate(objects);
              return last.status === "waiting" ? undefined : last;
            },
            { signal, onProblem },
          );
    return finish(settled.status === "passed" ? "passed" : "failed", expected, settled.observed);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (deadline.signal.aborted) {
      const seen = last?.observed ?? "nothing observed before the deadline";
      return finish("timed_out", expected, problem ? `${seen}; last API error: ${problem}` : seen);
    }
    if (error instanceof VerifyError) return finish("failed", expected, error.message);
    const message = error instanceof Error ? error.message : String(error);
    return finish("failed", expected, `Verification stopped on an unexpected error: ${message}`);
  } finally {
    clearTimeout(timer);
  }
}
