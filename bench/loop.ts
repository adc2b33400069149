// Benchmark: the whole loop for a one-step plan, and the part that starts at the approval. Runs in
// one process on the pipeline tests' world (test/support/skyflo-world.ts): the GitHub emulator,
// the Kubernetes emulator with pods ready at once (ready delay 0), and Skyflo's real host receiving
// signed webhooks. Each run: @dev comments `/skyflo scale api-<n> to 2 in shop` (a Deployment of
// its own, so every plan has its own digest and Lease); once Skyflo has opened the plan PR,
// written the issue's status and gone idle (a reviewer takes longer than that), @olivia approves;
// the run ends when the PR is merged. The whole loop is Skyflo's two stretches of work added up:
// comment → plan PR, and approval → merged (the time the PR waits for its reviewer left out).
// Moments are taken where they happen: webhook events as the GitHub emulator emits them (its
// delivery log, polled every millisecond), the Lease as the Kubernetes emulator's store commits it.
import { demoCluster } from "../scripts/demo-cluster.ts";
import type { DeliveryRecord, GitHubEmulator } from "../test/emulators/github/index.ts";
import type { KubeObject } from "../test/emulators/kube/types.ts";
import { startSkyfloWorld } from "../test/support/skyflo-world.ts";
import { type LatencySummary, summarizeLatency } from "./latency-summary.ts";

const bot = "skyflo[bot]";

export interface LoopResult {
  runs: number;
  warmup: number;
  readyDelayMs: 0;
  /** Comment posted → plan PR open and the issue's status written. */
  commentToPlan: LatencySummary;
  /** Review submitted (the Octokit call returned) → the executor created the plan's Lease. */
  approvalToLease: LatencySummary;
  /** Review submitted → the skyflo/execute check run was created. */
  approvalToExecuteCheck: LatencySummary;
  /** Review submitted → skyflo/execute completed (the steps ran). */
  approvalToExecuted: LatencySummary;
  /** Review submitted → skyflo/verify completed. */
  approvalToVerified: LatencySummary;
  /** Review submitted → the run record committed to the PR branch (its synchronize event). */
  approvalToRecord: LatencySummary;
  /** Review submitted → the plan PR merged (execute, verify, record commit, merge). */
  approvalToMerged: LatencySummary;
  /** The whole loop, comment → merged without the wait for the reviewer: commentToPlan + approvalToMerged. */
  wholeLoop: LatencySummary;
}

export async function benchLoop(runs: number, warmup: number): Promise<LoopResult> {
  const total = runs + warmup;
  const deployments = Array.from({ length: total }, (_, n) => apiDeployment(n));
  const world = await startSkyfloWorld({
    kube: { seed: [...demoCluster(), ...deployments], readyDelayMs: 0 },
    collaborators: { dev: "push" },
  });
  const { github, kube, repo } = world;
  let leaseAt: number | undefined;
  const unsubscribe = kube.store.subscribe((event) => {
    if (event.type === "ADDED" && event.object.kind === "Lease") leaseAt = performance.now();
  });
  const dev = github.octokitAs("dev");
  const olivia = github.octokitAs("olivia");
  const figures = {
    commentToPlan: [] as number[],
    approvalToLease: [] as number[],
    approvalToExecuteCheck: [] as number[],
    approvalToExecuted: [] as number[],
    approvalToVerified: [] as number[],
    approvalToRecord: [] as number[],
    approvalToMerged: [] as number[],
    wholeLoop: [] as number[],
  };
  try {
    for (let n = 0; n < total; n++) {
      const { data: issue } = await dev.rest.issues.create({ ...repo, title: `Scale api-${n}` });
      await world.settle();
      let from = github.deliveries().length;
      const commented = performance.now();
      await dev.rest.issues.createComment({
        ...repo,
        issue_number: issue.number,
        body: `/skyflo scale api-${n} to 2 in shop`,
      });
      const opened = await waitFor(github, from, (d) => d.event === "pull_request" && d.action === "opened");
      const pr = (opened.payload.pull_request as { number: number }).number;
      await waitFor(
        github,
        from,
        (d) =>
          d.event === "issue_comment" &&
          d.action === "created" &&
          senderOf(d) === bot &&
          (d.payload.issue as { number: number }).number === issue.number,
      );
      const planned = performance.now();
      await world.settle(); // untimed: the reviewer comes when Skyflo is idle

      from = github.deliveries().length;
      leaseAt = undefined;
      await olivia.rest.pulls.createReview({ ...repo, pull_number: pr, event: "APPROVE" });
      const approved = performance.now();
      // Each moment is awaited in the loop's order, scanning from the approval on.
      const moment = async (matches: (delivery: DeliveryRecord) => boolean) => {
        await waitFor(github, from, matches);
        return performance.now();
      };
      const check = (name: string, action: string) => (d: DeliveryRecord) =>
        d.event === "check_run" &&
        d.action === action &&
        (d.payload.check_run as { name: string }).name === name;
      const executeCheckAt = await moment(check("skyflo/execute", "created"));
      const executedAt = await moment(check("skyflo/execute", "completed"));
      const verifiedAt = await moment(check("skyflo/verify", "completed"));
      const recordAt = await moment(
        (d) =>
          d.event === "pull_request" &&
          d.action === "synchronize" &&
          (d.payload.pull_request as { number: number }).number === pr,
      );
      await waitFor(
        github,
        from,
        (d) =>
          d.event === "pull_request" &&
          d.action === "closed" &&
          (d.payload.pull_request as { number: number; merged: boolean }).number === pr &&
          (d.payload.pull_request as { merged: boolean }).merged,
      );
      const merged = performance.now();
      const lease = leaseAt as number | undefined;
      if (lease === undefined) throw new Error(`PR #${pr} merged, but no Lease was created`);
      await world.settle(); // untimed: the status comment and anything else the merge causes

      if (n < warmup) continue;
      figures.commentToPlan.push(planned - commented);
      figures.approvalToLease.push(lease - approved);
      figures.approvalToExecuteCheck.push(executeCheckAt - approved);
      figures.approvalToExecuted.push(executedAt - approved);
      figures.approvalToVerified.push(verifiedAt - approved);
      figures.approvalToRecord.push(recordAt - approved);
      figures.approvalToMerged.push(merged - approved);
      figures.wholeLoop.push(planned - commented + (merged - approved));
    }
  } finally {
    unsubscribe();
    await world.close();
  }
  return {
    runs,
    warmup,
    readyDelayMs: 0,
    commentToPlan: summarizeLatency(figures.commentToPlan),
    approvalToLease: summarizeLatency(figures.approvalToLease),
    approvalToExecuteCheck: summarizeLatency(figures.approvalToExecuteCheck),
    approvalToExecuted: summarizeLatency(figures.approvalToExecuted),
    approvalToVerified: summarizeLatency(figures.approvalToVerified),
    approvalToRecord: summarizeLatency(figures.approvalToRecord),
    approvalToMerged: summarizeLatency(figures.approvalToMerged),
    wholeLoop: summarizeLatency(figures.wholeLoop),
  };
}

function senderOf(delivery: DeliveryRecord): string | undefined {
  return (delivery.payload.sender as { login?: string } | undefined)?.login;
}

/** The first delivery from index `from` on that matches; polls the emulator's log every millisecond. */
async function waitFor(
  github: GitHubEmulator,
  from: number,
  matches: (delivery: DeliveryRecord) => boolean,
): Promise<DeliveryRecord> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const found = github.deliveries().slice(from).find(matches);
    if (found) return found;
    if (performance.now() > deadline)
      throw new Error("the expected webhook event did not happen within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function apiDeployment(n: number): KubeObject {
  const labels = { app: `api-${n}` };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: `api-${n}`, namespace: "shop", labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "api", image: "nginx:1.27" }] } },
    },
  };
}
