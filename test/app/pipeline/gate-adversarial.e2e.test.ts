// The gate under attack, end to end (issue 4, "Adversarial tests"): each case is told through
// signed webhooks from the GitHub emulator to Skyflo's real host, with people acting through plain
// Octokit, and Skyflo's execution ON. What must hold in every case: nothing reaches the cluster
// unless the exact plan was approved by its owners at the current head — and a run that happens
// leaves its record and runs once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunRecordSchema } from "../../../app/plan/index.ts";
import { STATUS_MARKER } from "../../../app/render/index.ts";
import { demoCluster } from "../../../scripts/demo-cluster.ts";
import { Policy } from "../../../tools/policy.ts";
import { putFile } from "../../emulators/github/testing.ts";
import { type SkyfloWorld, startSkyfloWorld } from "../../support/skyflo-world.ts";

const repo = { owner: "acme", repo: "shop" };
// olivia (repo owner) and active members of acme/platform (pat, quinn) own .skyflo/plans/;
// penny's membership is pending; nina and ivan have write access and own nothing.
const people = {
  dev: "push",
  nina: "push",
  ivan: "push",
  pat: "push",
  quinn: "push",
  penny: "push",
} as const;

async function startWorld(): Promise<SkyfloWorld> {
  const world = await startSkyfloWorld({
    kube: { seed: demoCluster(), readyDelayMs: 5 },
    collaborators: { ...people },
    platformMembers: ["pat", "quinn"],
    app: { verifyTimeScale: 0.01, serverPolicy: new Policy({ callTimeoutMs: 3_000 }) },
  });
  await world.github.octokitAs("olivia").rest.teams.addOrUpdateMembershipForUserInOrg({
    org: "acme",
    team_slug: "platform",
    username: "penny",
    state: "pending",
  } as Parameters<
    ReturnType<typeof world.github.octokitAs>["rest"]["teams"]["addOrUpdateMembershipForUserInOrg"]
  >[0]);
  return world;
}

/** The stored web Deployment, straight from the Kubernetes emulator. */
function web(world: SkyfloWorld) {
  const deployments = world.kube.store.registry.byKind("apps/v1", "Deployment");
  const object = deployments && world.kube.store.get(deployments, "shop", "web");
  if (!object) throw new Error("no shop/web Deployment");
  return {
    replicas: (object.spec as { replicas: number }).replicas,
    generation: object.metadata.generation,
    resourceVersion: object.metadata.resourceVersion,
  };
}

function helpers(world: () => SkyfloWorld) {
  const octokit = (login: string) => world().github.octokitAs(login);
  return {
    async review(login: string, number: number, event: "APPROVE" | "REQUEST_CHANGES", body?: string) {
      await octokit(login).rest.pulls.createReview({ ...repo, pull_number: number, event, body });
      await world().settle();
    },
    async headOf(number: number) {
      return (await octokit("dev").rest.pulls.get({ ...repo, pull_number: number })).data.head.sha;
    },
    async pull(number: number) {
      return (await octokit("dev").rest.pulls.get({ ...repo, pull_number: number })).data;
    },
    async checks(sha: string, name: string) {
      const { data } = await octokit("dev").rest.checks.listForRef({
        ...repo,
        ref: sha,
        check_name: name,
        filter: "all",
      });
      return data.check_runs;
    },
    async approvalSummary(sha: string) {
      const runs = await this.checks(sha, "skyflo/approval");
      expect(runs).toHaveLength(1);
      return { conclusion: runs[0]?.conclusion, summary: runs[0]?.output.summary ?? "" };
    },
    async comments(number: number) {
      return (await octokit("dev").rest.issues.listComments({ ...repo, issue_number: number })).data;
    },
    async status(issue: number) {
      const status = (await this.comments(issue)).filter((c) => c.body?.includes(STATUS_MARKER));
      expect(status).toHaveLength(1);
      return status[0]?.body ?? "";
    },
    async comment(login: string, number: number, body: string) {
      await octokit(login).rest.issues.createComment({ ...repo, issue_number: number, body });
      await world().settle();
    },
  };
}

describe("the gate with one owner approval required, execution on", () => {
  let world: SkyfloWorld;
  const h = helpers(() => world);

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  /** Asserts the cluster's web Deployment was not written, and no run started on `sha`. */
  async function expectNotRun(before: ReturnType<typeof web>, sha: string) {
    expect(web(world)).toEqual(before);
    expect(await h.checks(sha, "skyflo/execute")).toHaveLength(0);
  }

  it.each([
    ["someone who owns nothing", "nina", 4],
    ["a team member whose membership is still pending", "penny", 8],
  ])("an approval by %s does not run the plan", async (_who, login, replicas) => {
    const { pr } = await world.planPullRequest(
      `Approver ${login}`,
      `/skyflo scale web to ${replicas} in shop`,
    );
    const before = web(world);
    await h.review(login, pr.number, "APPROVE");
    await expectNotRun(before, pr.head.sha);
    expect((await h.approvalSummary(pr.head.sha)).summary).toMatch(
      new RegExp(`${login}\\S* is not an owner`),
    );
  });

  it("the requester's own approval does not count, even when the requester is an owner", async () => {
    const { pr } = await world.planPullRequest("Self", "/skyflo scale web to 5 in shop", "olivia");
    const before = web(world);
    await h.review("olivia", pr.number, "APPROVE");
    await expectNotRun(before, pr.head.sha);
    expect((await h.approvalSummary(pr.head.sha)).summary).toContain(
      "asked for or changed this plan and cannot also approve it",
    );
  });

  it("naming someone else as requester in the PR body does not let the real requester approve", async () => {
    const { pr } = await world.planPullRequest("Spoof", "/skyflo scale web to 6 in shop", "olivia");
    const before = web(world);
    // The body's hidden metadata is editable by anyone with write access: olivia names dev.
    const body = (await h.pull(pr.number)).body ?? "";
    expect(body).toContain('"requester":"olivia"');
    await world.github.octokitAs("olivia").rest.pulls.update({
      ...repo,
      pull_number: pr.number,
      body: body.replace('"requester":"olivia"', '"requester":"dev"'),
    });
    await world.settle();
    await h.review("olivia", pr.number, "APPROVE");
    await expectNotRun(before, pr.head.sha);
    expect((await h.approvalSummary(pr.head.sha)).summary).toContain(
      "@\u200bolivia asked for or changed this plan and cannot also approve it",
    );
  });

  it("Skyflo's own installation cannot approve the plan it opened", async () => {
    const { pr } = await world.planPullRequest("Bot", "/skyflo scale web to 7 in shop");
    const before = web(world);
    // GitHub itself refuses Skyflo's installation approving the PR it opened.
    await expect(
      world.github
        .octokitAsApp("acme")
        .rest.pulls.createReview({ ...repo, pull_number: pr.number, event: "APPROVE" }),
    ).rejects.toThrow(/Can not approve your own pull request/);
    await world.settle();
    await expectNotRun(before, pr.head.sha);
    // Asked to re-check, Skyflo still finds no approval. (The gate's own rule against bot reviews
    // is tested in test/app/gate: the emulator cannot act as a second app.)
    await h.comment("dev", pr.number, "/skyflo apply");
    await expectNotRun(before, pr.head.sha);
    expect((await h.approvalSummary(pr.head.sha)).summary).toContain("and has none");
    const answer = (await h.comments(pr.number)).at(-1)?.body ?? "";
    expect(answer).toContain("the plan is not approved yet");
    expect(answer).not.toContain("Execution is turned off");
  });

  it("a PR that changes CODEOWNERS to make someone an owner does not make their approval count", async () => {
    const { pr } = await world.planPullRequest("Owners", "/skyflo scale web to 9 in shop");
    const before = web(world);
    await putFile(
      world.github.octokitAs("nina"),
      "acme",
      "shop",
      ".github/CODEOWNERS",
      "* @ivan\n",
      pr.head.ref,
    );
    await world.settle();
    const head = await h.headOf(pr.number);
    await h.review("ivan", pr.number, "APPROVE");
    await expectNotRun(before, head);
    const { summary } = await h.approvalSummary(head);
    expect(summary).toMatch(/ivan\S* is not an owner/);
    expect(summary).toContain(".github/CODEOWNERS");
  });

  it("a tampered digest in the PR body stops the run", async () => {
    const { pr, metadata } = await world.planPullRequest("Digest", "/skyflo scale web to 10 in shop");
    const before = web(world);
    const body = (await h.pull(pr.number)).body ?? "";
    const forged = `sha256:${"0".repeat(64)}`;
    await world.github
      .octokitAs("nina")
      .rest.pulls.update({ ...repo, pull_number: pr.number, body: body.replaceAll(metadata.digest, forged) });
    await world.settle();
    await h.review("olivia", pr.number, "APPROVE");
    await expectNotRun(before, pr.head.sha);
    expect((await h.approvalSummary(pr.head.sha)).conclusion).toBe("action_required");
  });

  it("a PR closed before execution does not run, and its issue says so", async () => {
    const { issue, pr } = await world.planPullRequest("Closed", "/skyflo scale web to 11 in shop");
    const before = web(world);
    await world.github
      .octokitAs("dev")
      .rest.pulls.update({ ...repo, pull_number: pr.number, state: "closed" });
    await world.settle();
    expect(await h.status(issue.number)).toContain("was closed without running");
    await h.comment("olivia", pr.number, "/skyflo apply");
    await expectNotRun(before, pr.head.sha);
    expect((await h.comments(pr.number)).at(-1)?.body).toContain(
      `nothing to apply. Pull request #${pr.number} is closed.`,
    );
  });

  it("/skyflo cancel closes an unexecuted plan, and an approval afterwards runs nothing", async () => {
    const { issue, pr } = await world.planPullRequest("Cancel", "/skyflo scale web to 12 in shop");
    const before = web(world);
    await h.comment("dev", pr.number, "/skyflo status");
    expect((await h.comments(pr.number)).at(-1)?.body).toContain("Waiting:");
    await h.comment("dev", pr.number, "/skyflo cancel");
    expect((await h.pull(pr.number)).state).toBe("closed");
    expect((await h.comments(pr.number)).at(-1)?.body).toContain("without running it");
    expect(await h.status(issue.number)).toContain("was closed without running");
    await h.comment("olivia", pr.number, "/skyflo apply");
    await expectNotRun(before, pr.head.sha);
  });

  it("the same approval delivered twice at once, and to a second replica sharing the cluster, runs exactly once", async () => {
    const { pr } = await world.planPullRequest("Race", "/skyflo scale web to 13 in shop");
    const replica = await world.startReplica();
    // Hold GitHub's own delivery back, then hand the same review event to both replicas at once.
    world.github.setWebhookUrl("http://127.0.0.1:1/unreachable");
    await world.github
      .octokitAs("olivia")
      .rest.pulls.createReview({ ...repo, pull_number: pr.number, event: "APPROVE" });
    await world.github.waitForDeliveries();
    world.github.setWebhookUrl(world.server.webhookUrl);
    const review = world.github
      .deliveries()
      .filter((d) => d.event === "pull_request_review")
      .at(-1);
    if (!review) throw new Error("the review was not recorded");
    const before = web(world);
    await Promise.all([
      world.deliver(review.payload, "pull_request_review"),
      world.deliver(review.payload, "pull_request_review"),
      world.deliver(review.payload, "pull_request_review", replica.webhookUrl),
    ]);
    await Promise.all([world.settle(), replica.queue.idle()]);
    await world.settle();
    await replica.close();

    const after = web(world);
    expect(after.replicas).toBe(13);
    expect(after.generation).toBe((before.generation ?? 0) + 1);
    const executes = await h.checks(pr.head.sha, "skyflo/execute");
    expect(executes).toHaveLength(1);
    expect(executes[0]?.conclusion).toBe("success");
    const merged = await h.pull(pr.number);
    expect(merged.merged).toBe(true);
    const { data: commits } = await world.github
      .octokitAs("dev")
      .rest.pulls.listCommits({ ...repo, pull_number: pr.number });
    expect(commits.filter((c) => c.commit.message.startsWith("skyflo: run record"))).toHaveLength(1);
  });

  for (const fault of [
    { name: "a 500", status: 500 },
    { name: "a 409 conflict", status: 409 },
  ]) {
    it(`the cluster answering ${fault.name} mid-run: the run fails, its record is kept, nothing is applied twice`, async () => {
      const target = 14 + fault.status;
      const { issue, pr } = await world.planPullRequest(
        `Fault ${fault.status}`,
        `/skyflo scale web to ${target} in shop`,
      );
      const before = web(world);
      // The drift check's dry run passes; the real scale request fails.
      world.kube.faults.failNext({
        path: /\/deployments\/web\/scale$/,
        method: "PATCH",
        status: fault.status,
        dryRun: false,
      });
      await h.review("olivia", pr.number, "APPROVE");
      world.kube.faults.clear();
      expect(web(world)).toEqual(before);

      const execute = await h.checks(pr.head.sha, "skyflo/execute");
      expect(execute[0]?.conclusion).toBe("failure");
      const open = await h.pull(pr.number);
      expect(open).toMatchObject({ state: "open", merged: false });
      expect(open.labels.map((l) => l.name)).toContain("skyflo/run-failed");
      const recordPath = `.skyflo/runs/${issue.number}-scale-web.json`;
      const { data: file } = await world.github
        .octokitAs("dev")
        .rest.repos.getContent({ ...repo, path: recordPath, ref: open.head.sha });
      if (Array.isArray(file) || file.type !== "file") throw new Error(`${recordPath} is not a file`);
      const record = RunRecordSchema.parse(JSON.parse(Buffer.from(file.content, "base64").toString("utf8")));
      expect(record.outcome).toBe("failed");
      expect(record.steps[0]?.status).toBe("failed");
      expect(await h.status(issue.number)).toContain("was not merged");

      // The same approval again, and /skyflo apply: the plan already ran (and failed); nothing runs.
      const review = world.github
        .deliveries()
        .filter((d) => d.event === "pull_request_review")
        .at(-1);
      if (!review) throw new Error("no review delivery");
      await world.deliver(review.payload, "pull_request_review");
      await world.settle();
      await h.comment("olivia", pr.number, "/skyflo apply");
      expect(web(world)).toEqual(before);
      // Merged by hand after all: /skyflo status still tells the failed run, not a success.
      await world.github
        .octokitAs("olivia")
        .rest.pulls.merge({ ...repo, pull_number: pr.number, merge_method: "squash" });
      await world.settle();
      await h.comment("dev", pr.number, "/skyflo status");
      expect((await h.comments(pr.number)).at(-1)?.body).toContain("ended as `failed`");
    });
  }

  it("the cluster timing out mid-run: the step fails with the deadline, the record is kept, it is not retried", async () => {
    const { issue, pr } = await world.planPullRequest("Timeout", "/skyflo scale web to 2 in shop");
    const before = web(world);
    world.kube.faults.delay({
      path: /\/deployments\/web\/scale$/,
      method: "PATCH",
      ms: 4_000,
      count: 1,
      dryRun: false,
    });
    await h.review("olivia", pr.number, "APPROVE");
    const open = await h.pull(pr.number);
    expect(open.state).toBe("open");
    const record = await world.github.octokitAs("dev").rest.repos.getContent({
      ...repo,
      path: `.skyflo/runs/${issue.number}-scale-web.json`,
      ref: open.head.sha,
    });
    if (Array.isArray(record.data) || record.data.type !== "file") throw new Error("no run record");
    const parsed = RunRecordSchema.parse(
      JSON.parse(Buffer.from(record.data.content, "base64").toString("utf8")),
    );
    expect(parsed.outcome).toBe("failed");
    expect(parsed.steps[0]?.error).toMatch(/did not finish within 3 s/);
    // Whatever the late request did, Skyflo does not send it again.
    await h.comment("olivia", pr.number, "/skyflo apply");
    const generations = web(world).generation ?? 0;
    expect(generations - (before.generation ?? 0)).toBeLessThanOrEqual(1);
  });
});

describe("the gate with two owner approvals required, execution on", () => {
  let world: SkyfloWorld;
  const h = helpers(() => world);

  beforeAll(async () => {
    world = await startWorld();
    await putFile(
      world.github.octokitAs("olivia"),
      "acme",
      "shop",
      ".github/skyflo.yml",
      "approvals:\n  required: 2\n",
    );
  });
  afterAll(async () => {
    await world?.close();
  });

  it("an approval, then a push: the stale approval and the new one do not make two", async () => {
    const { pr } = await world.planPullRequest("Push", "/skyflo scale web to 4 in shop");
    const before = web(world);
    await h.review("olivia", pr.number, "APPROVE");
    await putFile(world.github.octokitAs("nina"), "acme", "shop", "notes.txt", "hello\n", pr.head.ref);
    await world.settle();
    const head = await h.headOf(pr.number);
    await h.review("pat", pr.number, "APPROVE");
    expect(web(world)).toEqual(before);
    expect(await h.checks(head, "skyflo/execute")).toHaveLength(0);
    const { summary } = await h.approvalSummary(head);
    expect(summary).toContain(`approved an older commit (${pr.head.sha.slice(0, 7)})`);
    expect(summary).toContain("notes.txt");
  });

  it("an owner's CHANGES_REQUESTED blocks two other owners' approvals", async () => {
    const { pr } = await world.planPullRequest("Blocked", "/skyflo scale web to 5 in shop");
    const before = web(world);
    await h.review("olivia", pr.number, "APPROVE");
    await h.review("pat", pr.number, "REQUEST_CHANGES", "Not during the sale.");
    await h.review("quinn", pr.number, "APPROVE");
    expect(web(world)).toEqual(before);
    expect(await h.checks(pr.head.sha, "skyflo/execute")).toHaveLength(0);
    expect((await h.approvalSummary(pr.head.sha)).summary).toMatch(/pat\S* requested changes/);
  });

  it("a dismissed approval no longer counts", async () => {
    const { pr } = await world.planPullRequest("Dismissed", "/skyflo scale web to 6 in shop");
    const before = web(world);
    await h.review("olivia", pr.number, "APPROVE");
    const { data: reviews } = await world.github
      .octokitAs("olivia")
      .rest.pulls.listReviews({ ...repo, pull_number: pr.number });
    const approval = reviews.find((r) => r.user?.login === "olivia");
    if (!approval) throw new Error("olivia's review is missing");
    await world.github.octokitAs("olivia").rest.pulls.dismissReview({
      ...repo,
      pull_number: pr.number,
      review_id: approval.id,
      message: "Approved too early.",
    });
    await world.settle();
    await h.review("pat", pr.number, "APPROVE");
    expect(web(world)).toEqual(before);
    expect((await h.approvalSummary(pr.head.sha)).summary).toContain("has 1 (");
  });

  it("a plan file edited after approval: the editor cannot approve, earlier approvals are stale, the new plan runs only when re-approved", async () => {
    const { issue, pr, metadata } = await world.planPullRequest("Edited", "/skyflo scale web to 7 in shop");
    const before = web(world);
    await h.review("olivia", pr.number, "APPROVE");
    const planPath = `.skyflo/plans/${metadata.planId}.yaml`;
    const { data: file } = await world.github
      .octokitAs("nina")
      .rest.repos.getContent({ ...repo, path: planPath, ref: pr.head.ref });
    if (Array.isArray(file) || file.type !== "file") throw new Error("no plan file");
    const original = Buffer.from(file.content, "base64").toString("utf8");
    expect(original).toContain("replicas: 7");
    await putFile(
      world.github.octokitAs("nina"),
      "acme",
      "shop",
      planPath,
      original.replaceAll("replicas: 7", "replicas: 9").replaceAll("equals: 7", "equals: 9"),
      pr.head.ref,
    );
    await world.settle();
    const head = await h.headOf(pr.number);
    // Skyflo re-rendered the plan for the new head and says who changed it.
    const comments = await h.comments(pr.number);
    expect(comments.at(-1)?.body).toContain("`nina` cannot approve this plan");
    const record = await h.checks(head, "skyflo/plan");
    expect(record).toHaveLength(1);
    expect(record[0]?.output.summary).toContain("`nina`");

    await h.review("pat", pr.number, "APPROVE");
    await h.review("nina", pr.number, "APPROVE");
    expect(web(world)).toEqual(before);
    const { summary } = await h.approvalSummary(head);
    expect(summary).toContain("asked for or changed this plan");
    expect(summary).toContain(`approved an older commit (${pr.head.sha.slice(0, 7)})`);

    // Two owners approve the edited plan at its head: it runs, as edited.
    await h.review("olivia", pr.number, "APPROVE");
    expect(web(world).replicas).toBe(9);
    expect((await h.pull(pr.number)).merged).toBe(true);
    expect(await h.status(issue.number)).toContain("merged");
  });

  it("a plan edited to step outside the repository's policy is not recorded, so it can never be approved", async () => {
    const { pr, metadata } = await world.planPullRequest("Escalate", "/skyflo scale web to 8 in shop");
    const planPath = `.skyflo/plans/${metadata.planId}.yaml`;
    const { data: file } = await world.github
      .octokitAs("nina")
      .rest.repos.getContent({ ...repo, path: planPath, ref: pr.head.ref });
    if (Array.isArray(file) || file.type !== "file") throw new Error("no plan file");
    const original = Buffer.from(file.content, "base64").toString("utf8");
    await putFile(
      world.github.octokitAs("nina"),
      "acme",
      "shop",
      planPath,
      original.replaceAll("tool: k8s_scale", "tool: k8s_launch_missiles"),
      pr.head.ref,
    );
    await world.settle();
    const head = await h.headOf(pr.number);
    expect(await h.checks(head, "skyflo/plan")).toHaveLength(0);
    expect((await h.comments(pr.number)).at(-1)?.body).toContain('Unknown tool "k8s_launch_missiles"');
    const before = web(world);
    await h.review("olivia", pr.number, "APPROVE");
    await h.review("pat", pr.number, "APPROVE");
    expect(web(world)).toEqual(before);
    expect((await h.approvalSummary(head)).summary).toContain("Skyflo has no record of the plan at head");
    // Nor will Skyflo plan again from a request text whose author it cannot know.
    await h.comment("dev", pr.number, "/skyflo replan");
    expect((await h.comments(pr.number)).at(-1)?.body).toContain("Close this pull request and ask again");
    expect(await h.headOf(pr.number)).toBe(head);
    // Pushing the original plan back does not launder the branch: the commit before it has no record.
    await putFile(world.github.octokitAs("nina"), "acme", "shop", planPath, original, pr.head.ref);
    await world.settle();
    const restored = await h.headOf(pr.number);
    expect(await h.checks(restored, "skyflo/plan")).toHaveLength(0);
    await h.review("olivia", pr.number, "APPROVE");
    await h.review("pat", pr.number, "APPROVE");
    expect(web(world)).toEqual(before);
    expect((await h.approvalSummary(restored)).summary).toContain("Skyflo has no record of the plan at head");
  });
});

describe("a repository without CODEOWNERS on its base branch", () => {
  let world: SkyfloWorld;
  const h = helpers(() => world);

  beforeAll(async () => {
    world = await startWorld();
    const olivia = world.github.octokitAs("olivia");
    const { data } = await olivia.rest.repos.getContent({ ...repo, path: ".github/CODEOWNERS" });
    if (Array.isArray(data)) throw new Error("CODEOWNERS is a folder");
    await olivia.rest.repos.deleteFile({
      ...repo,
      path: ".github/CODEOWNERS",
      message: "No owners",
      sha: data.sha,
    });
  });
  afterAll(async () => {
    await world?.close();
  });

  it("refuses every approval with a reason that says how to fix it", async () => {
    const { pr } = await world.planPullRequest("No owners", "/skyflo scale web to 4 in shop");
    const before = web(world);
    await h.review("olivia", pr.number, "APPROVE");
    await h.review("pat", pr.number, "APPROVE");
    expect(web(world)).toEqual(before);
    const { summary } = await h.approvalSummary(pr.head.sha);
    expect(summary).toMatch(/CODEOWNERS/);
    expect(summary).toContain("❌");
  });
});
