// Execution after approval, end to end (issue 4, "Execute, verify, persist"): people act through
// plain Octokit against the GitHub emulator, which delivers signed webhooks to Skyflo's real host;
// an owner's approval runs the plan against the Kubernetes emulator through the MCP tool server,
// verifies it, commits the run record to the plan PR and merges it.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leaseNameFor } from "../../../app/execute/index.ts";
import { RunRecordSchema } from "../../../app/plan/index.ts";
import { STATUS_MARKER } from "../../../app/render/index.ts";
import { demoCluster } from "../../../scripts/demo-cluster.ts";
import type { GitHubEmulator } from "../../emulators/github/index.ts";
import type { KubeEmulator } from "../../emulators/kube/index.ts";
import { type SkyfloWorld, startSkyfloWorld } from "../../support/skyflo-world.ts";

const repo = { owner: "acme", repo: "shop" };
let github: GitHubEmulator;
let kube: KubeEmulator;
let world: SkyfloWorld;

beforeAll(async () => {
  world = await startSkyfloWorld({
    kube: { seed: demoCluster(), readyDelayMs: 5, brokenImagePattern: /broken/ },
    collaborators: { dev: "push", pat: "push" },
    platformMembers: ["pat"],
    app: {
      executeApproved: true,
      // Verify deadlines of 300 s become 1.5 s: the happy path ends as soon as pods are ready
      // (watch-driven); only the broken image waits for its deadline.
      verifyTimeScale: 0.005,
    },
  });
  ({ github, kube } = world);
});

afterAll(async () => {
  await world?.close();
});

const settle = () => world.settle();

const planPullRequest = (title: string, request: string) => world.planPullRequest(title, request);

async function approve(login: string, number: number) {
  await github.octokitAs(login).rest.pulls.createReview({ ...repo, pull_number: number, event: "APPROVE" });
  await settle();
}

/** The one check run named `name` on `sha`. */
async function checkOn(sha: string, name: string) {
  const { data } = await github
    .octokitAs("dev")
    .rest.checks.listForRef({ ...repo, ref: sha, check_name: name, filter: "all" });
  expect(data.check_runs, `${name} on ${sha.slice(0, 7)}`).toHaveLength(1);
  const run = data.check_runs[0];
  if (!run) throw new Error("no check run");
  return run;
}

async function statusOf(issueNumber: number): Promise<string> {
  const { data } = await github
    .octokitAs("dev")
    .rest.issues.listComments({ ...repo, issue_number: issueNumber });
  const status = data.filter((c) => c.body?.includes(STATUS_MARKER));
  expect(status).toHaveLength(1);
  return status[0]?.body ?? "";
}

function webDeployment() {
  const deployments = kube.store.registry.byKind("apps/v1", "Deployment");
  if (!deployments) throw new Error("no deployments type");
  const web = kube.store.get(deployments, "shop", "web");
  if (!web) throw new Error("no web deployment");
  return { metadata: web.metadata, spec: web.spec as Record<string, unknown> };
}

function leaseOf(digest: string) {
  const leases = kube.store.registry.byKind("coordination.k8s.io/v1", "Lease");
  if (!leases) throw new Error("no leases type");
  return kube.store.get(leases, "default", leaseNameFor(digest));
}

/** Sends a recorded delivery again, signed, under a new delivery id (as GitHub's "Redeliver" does). */
async function redeliver(payload: Record<string, unknown>, event: string): Promise<void> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", github.webhookSecret).update(body).digest("hex")}`;
  const response = await fetch(world.server.webhookUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": `redelivery-${Date.now()}`,
      "x-hub-signature-256": signature,
    },
    body,
  });
  expect(response.status).toBeLessThan(300);
  await settle();
}

describe("execution after approval", () => {
  it("an owner's approval scales web to 5, verifies, commits the run record and merges the PR", async () => {
    const { issue, pr, metadata } = await planPullRequest("Scale web", "/skyflo scale web to 5 in shop");
    const approvedHead = pr.head.sha;
    expect(webDeployment().spec.replicas).toBe(3);

    await approve("olivia", pr.number);

    expect(webDeployment().spec.replicas).toBe(5);
    expect((await checkOn(approvedHead, "skyflo/approval")).conclusion).toBe("success");
    const execute = await checkOn(approvedHead, "skyflo/execute");
    expect(execute).toMatchObject({ status: "completed", conclusion: "success" });
    expect(execute.output.title).toMatch(/^All \d+ steps? done$/);
    const verify = await checkOn(approvedHead, "skyflo/verify");
    expect(verify).toMatchObject({ status: "completed", conclusion: "success" });

    const dev = github.octokitAs("dev");
    const { data: merged } = await dev.rest.pulls.get({ ...repo, pull_number: pr.number });
    expect(merged.merged).toBe(true);
    const mergeSha = merged.merge_commit_sha ?? "";
    const { data: mergeCommit } = await dev.rest.git.getCommit({ ...repo, commit_sha: mergeSha });
    expect(mergeCommit.message).toMatch(
      new RegExp(`\\nApproved-by: @olivia \\(review \\d+ at ${approvedHead}\\)\\n`),
    );
    expect(mergeCommit.message).toContain("Verified: success");
    const { data: main } = await dev.rest.git.getRef({ ...repo, ref: "heads/main" });
    expect(main.object.sha).toBe(mergeSha);

    // The record is on the merged base branch and names the approver and the approved head.
    const recordPath = `.skyflo/runs/${metadata.planId}.json`;
    const { data: file } = await dev.rest.repos.getContent({ ...repo, path: recordPath, ref: "main" });
    if (Array.isArray(file) || file.type !== "file") throw new Error(`${recordPath} is not a file`);
    const record = RunRecordSchema.parse(JSON.parse(Buffer.from(file.content, "base64").toString("utf8")));
    expect(record.outcome).toBe("succeeded");
    expect(record.planDigest).toBe(metadata.digest);
    expect(record.approval.headSha).toBe(approvedHead);
    expect(record.approval.approvers.map((a) => a.login)).toEqual(["olivia"]);
    expect(record.steps.every((step) => step.status === "succeeded")).toBe(true);

    // The app's own record commit (a synchronize) did not start a new approval check.
    const { data: commits } = await dev.rest.pulls.listCommits({ ...repo, pull_number: pr.number });
    const recordCommit = commits.at(-1)?.sha ?? "";
    expect(recordCommit).not.toBe(approvedHead);
    const { data: onRecord } = await dev.rest.checks.listForRef({
      ...repo,
      ref: recordCommit,
      filter: "all",
    });
    expect(onRecord.check_runs).toHaveLength(0);

    const status = await statusOf(issue.number);
    expect(status).toContain("merged");
    expect(status).toContain(metadata.digest ?? "missing digest");
  });

  it("the same approval delivered again, and /skyflo apply after the merge, execute nothing", async () => {
    const { issue, pr, metadata } = await planPullRequest(
      "Scale web again",
      "/skyflo scale web to 6 in shop",
    );
    await approve("olivia", pr.number);
    expect(webDeployment().spec.replicas).toBe(6);
    const after = webDeployment();
    const generation = after.metadata.generation;
    const resourceVersion = after.metadata.resourceVersion;
    expect(leaseOf(metadata.digest ?? "")).toBeDefined();
    const statusAfterRun = await statusOf(issue.number);

    // GitHub may deliver the same review event again: re-sent exactly as it was.
    const review = github
      .deliveries()
      .filter((d) => d.event === "pull_request_review")
      .find((d) => (d.payload.pull_request as { number: number }).number === pr.number);
    if (!review) throw new Error("the review was not delivered");
    await redeliver(review.payload, "pull_request_review");
    // Another owner approves after the merge, and someone asks to apply.
    await approve("pat", pr.number);
    await github
      .octokitAs("dev")
      .rest.issues.createComment({ ...repo, issue_number: pr.number, body: "/skyflo apply" });
    await settle();

    expect(webDeployment().metadata.generation).toBe(generation);
    expect(webDeployment().metadata.resourceVersion).toBe(resourceVersion);
    expect(webDeployment().spec.replicas).toBe(6);
    expect(await statusOf(issue.number)).toBe(statusAfterRun);
    const { data: comments } = await github
      .octokitAs("dev")
      .rest.issues.listComments({ ...repo, issue_number: pr.number });
    expect(comments.at(-1)?.body).toContain(`nothing to apply. Pull request #${pr.number} is merged.`);
    expect((await checkOn(pr.head.sha, "skyflo/execute")).conclusion).toBe("success");
  });

  it("a broken image: the rollout never completes, verification fails, the record is committed, the PR stays open", async () => {
    const { issue, pr, metadata } = await planPullRequest(
      "Broken image",
      "/skyflo set image of web to nginx:broken in shop",
    );
    const approvedHead = pr.head.sha;
    await approve("olivia", pr.number);

    expect((await checkOn(approvedHead, "skyflo/execute")).conclusion).toBe("success");
    const verify = await checkOn(approvedHead, "skyflo/verify");
    expect(verify.conclusion).toBe("failure");
    expect(verify.output.title).toMatch(/^Timed out: /);

    const dev = github.octokitAs("dev");
    const { data: open } = await dev.rest.pulls.get({ ...repo, pull_number: pr.number });
    expect(open).toMatchObject({ state: "open", merged: false });
    expect(open.head.sha).not.toBe(approvedHead);
    const recordPath = `.skyflo/runs/${metadata.planId}.json`;
    const { data: file } = await dev.rest.repos.getContent({ ...repo, path: recordPath, ref: open.head.sha });
    if (Array.isArray(file) || file.type !== "file") throw new Error(`${recordPath} is not a file`);
    const record = RunRecordSchema.parse(JSON.parse(Buffer.from(file.content, "base64").toString("utf8")));
    expect(record.outcome).toBe("verification_failed");
    expect(record.verificationConclusion).toBe("timed_out");
    // The record commit did not re-open the gate: no approval check on it.
    const { data: onRecord } = await dev.rest.checks.listForRef({
      ...repo,
      ref: open.head.sha,
      filter: "all",
    });
    expect(onRecord.check_runs).toHaveLength(0);

    const status = await statusOf(issue.number);
    expect(status).toContain("was not merged");
    expect(status).toContain("Verification timed out");

    // Labelled, with a rollback proposal that /skyflo rollback opens as a plan of its own.
    expect(open.labels.map((label) => label.name)).toContain("skyflo/run-failed");
    const { data: prComments } = await dev.rest.issues.listComments({ ...repo, issue_number: pr.number });
    const proposal = prComments.find((c) => c.body?.includes("proposes a rollback"));
    expect(proposal?.body).toContain("nginx:1.27");
    await dev.rest.issues.createComment({ ...repo, issue_number: pr.number, body: "/skyflo status" });
    await settle();
    let { data: replies } = await dev.rest.issues.listComments({ ...repo, issue_number: pr.number });
    expect(replies.at(-1)?.body).toContain("ended as `verification_failed`");
    await dev.rest.issues.createComment({ ...repo, issue_number: pr.number, body: "/skyflo rollback" });
    await settle();
    ({ data: replies } = await dev.rest.issues.listComments({ ...repo, issue_number: pr.number }));
    expect(replies.at(-1)?.body).toContain("opened the rollback as");
    const { data: pulls } = await dev.rest.pulls.list({ ...repo, state: "open" });
    const rollback = pulls.find((p) => p.head.ref === `skyflo/${metadata.planId}-rollback`);
    if (!rollback) throw new Error("no rollback pull request");
    await approve("olivia", rollback.number);
    const image = (webDeployment().spec.template as { spec: { containers: { image: string }[] } }).spec
      .containers[0]?.image;
    expect(image).toBe("nginx:1.27");
    const { data: rolledBack } = await dev.rest.pulls.get({ ...repo, pull_number: rollback.number });
    expect(rolledBack.merged).toBe(true);
  });
});
