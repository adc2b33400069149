// What verification reports, per intent and for the whole plan, in words a check-run table shows.
import type { z } from "zod";
import type { JenkinsBackend } from "../../tools/jenkins/backend.ts";
import type { KubeClients } from "../../tools/kubernetes/client.ts";
import type { KubeObject } from "../../tools/kubernetes/object-rest.ts";
import type { CollectionQuery } from "./watch-collection.ts";

export interface IntentResult {
  id: string;
  check: string;
  /** What the intent wants, e.g. `spec.replicas = 5`. */
  expected: string;
  /** What the cluster showed last, e.g. `spec.replicas = 3 (updated 3/3, ready 3/3)`. */
  observed: string;
  status: "passed" | "failed" | "timed_out";
  durationMs: number;
}

export interface Verification {
  conclusion: "success" | "failure" | "timed_out";
  results: IntentResult[];
}

/** One look at the watched objects: settled (passed/failed) or still waiting, with what was seen. */
export interface Observation {
  status: "passed" | "failed" | "waiting";
  observed: string;
}

/** An intent ready to run: what to watch and how to judge each state of it. */
export interface WatchedIntent {
  query: CollectionQuery;
  /** The expectation restated with what discovery resolved (`Deployment`, not `deploy`). */
  expected?: string;
  evaluate(objects: KubeObject[]): Observation;
}

/** For backends that cannot be watched (Jenkins): asked every `intervalMs` until it settles. */
export interface PolledIntent {
  expected?: string;
  intervalMs: number;
  /** One look; throws VerifyError when the intent can never pass, anything else is retried. */
  poll(signal: AbortSignal): Promise<Observation>;
}

export type PreparedIntent = WatchedIntent | PolledIntent;

/** The systems intents are checked against; only Kubernetes is always there. */
export interface IntentBackends {
  kube: KubeClients;
  jenkins?: JenkinsBackend;
}

/** One kind of intent (one `check` name): its arguments, its expectation in words, how to watch it. */
export interface IntentKind<Args> {
  check: string;
  args: z.ZodType<Args>;
  expected(args: Args): string;
  /** Resolves what to watch (discovery); throws VerifyError for intents that can never pass. */
  prepare(
    args: Args,
    kube: KubeClients,
    signal: AbortSignal,
    backends: IntentBackends,
  ): Promise<PreparedIntent>;
}

/** An intent that cannot pass as written (bad path, unknown kind, refused by the API): fails at once. */
export class VerifyError extends Error {}
