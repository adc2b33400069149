// Entry point tests use: an in-process Jenkins remote API on loopback — jobs in folders with
// string/choice/boolean parameters, the crumb issuer and sessions, basic auth with API tokens, the
// build queue, builds that finish after a delay with a scripted result, progressive logs, stop,
// and fault injection.
import type { AddressInfo } from "node:net";
import { type AnonymousAccess, JenkinsAuth, type JenkinsUserSeed } from "./auth.ts";
import { createJenkinsServer, type FailRule, type RecordedRequest } from "./server.ts";
import {
  type Build,
  type BuildResult,
  JenkinsState,
  type Job,
  type JobSeed,
  type ScriptedBuild,
} from "./state.ts";

export type { AnonymousAccess, JenkinsUserSeed } from "./auth.ts";
export type { RecordedRequest } from "./server.ts";
export type {
  Build,
  BuildResult,
  ChangeSetItemSeed,
  Job,
  JobSeed,
  ParameterSeed,
  ScriptedBuild,
} from "./state.ts";

export interface JenkinsEmulatorOptions {
  host?: string;
  port?: number;
  /** Users and their API tokens / passwords. */
  users?: Record<string, JenkinsUserSeed>;
  /** What anonymous callers may do (default "none" when users are given, else "build"). */
  anonymous?: AnonymousAccess;
  jobs?: JobSeed[];
  /** How long a queue item waits before its build starts (default 20 ms). */
  queueDelayMs?: number;
  /** How long a build runs unless scripted otherwise (default 50 ms). */
  buildDurationMs?: number;
  /** How long a queue item stays readable after it left the queue (default 300000, as Jenkins). */
  queueForgetMs?: number;
  /** Result of builds that were not scripted (default SUCCESS). */
  defaultResult?: BuildResult;
}

export interface JenkinsEmulator {
  readonly url: string;
  addJob(seed: JobSeed): Job;
  job(fullName: string): Job;
  /** The next builds of `job` end as scripted, in order. */
  scriptBuilds(job: string, ...builds: ScriptedBuild[]): void;
  addFinishedBuild(job: string, build: Partial<Build> & { result: BuildResult }): Build;
  /** Forgets queue items that left the queue, as Jenkins does after its window. */
  expireQueueItems(): void;
  /** Resolves once `job` has a build numbered `number` that finished. */
  waitForBuild(job: string, number: number, timeoutMs?: number): Promise<Build>;
  faults: {
    /** The next `count` requests (matching `match`) answer `status`. */
    failNext(count: number, status?: number, match?: (method: string, path: string) => boolean): void;
    /** Every request waits this long first. */
    setLatency(ms: number): void;
    clear(): void;
  };
  requests(): RecordedRequest[];
  close(): Promise<void>;
}

export async function startJenkinsEmulator(options: JenkinsEmulatorOptions = {}): Promise<JenkinsEmulator> {
  const state = new JenkinsState({
    queueDelayMs: options.queueDelayMs ?? 20,
    buildDurationMs: options.buildDurationMs ?? 50,
    queueForgetMs: options.queueForgetMs ?? 300_000,
    defaultResult: options.defaultResult ?? "SUCCESS",
  });
  for (const seed of options.jobs ?? []) state.addJob(seed);
  const users = options.users ?? {};
  const auth = new JenkinsAuth(
    users,
    options.anonymous ?? (Object.keys(users).length > 0 ? "none" : "build"),
  );
  const faults = { rules: [] as FailRule[], latencyMs: 0 };
  const requests: RecordedRequest[] = [];
  let url = "";
  const server = createJenkinsServer({ state, auth, faults, requests, baseUrl: () => url });
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () =>
      resolve(server.address() as AddressInfo),
    );
  });
  url = `http://${address.address}:${address.port}`;

  return {
    url,
    addJob: (seed) => state.addJob(seed),
    job: (name) => state.job(name),
    scriptBuilds(job, ...builds) {
      state.job(job).scripted.push(...builds);
    },
    addFinishedBuild: (job, build) => state.addFinishedBuild(state.job(job), build),
    expireQueueItems: () => state.expireQueueItems(),
    async waitForBuild(job, number, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const build = state.job(job).builds.find((b) => b.number === number);
        if (build && !build.building) return build;
        if (Date.now() > deadline)
          throw new Error(`build ${job} #${number} did not finish within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    faults: {
      failNext(count, status = 500, match) {
        faults.rules.push({ remaining: count, status, match });
      },
      setLatency(ms) {
        faults.latencyMs = ms;
      },
      clear() {
        faults.rules.length = 0;
        faults.latencyMs = 0;
      },
    },
    requests: () => [...requests],
    async close() {
      state.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
