// The first half of the loop told end to end, as issue 3 asks: people act through plain Octokit
// against the GitHub emulator, which delivers signed webhooks to Skyflo's real host; Skyflo plans
// against the Kubernetes emulator and answers through the GitHub API. Nothing is mocked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPlan } from "../../../app/plan/index.ts";
import { readBodyMetadata, STATUS_MARKER } from "../../../app/render/index.ts";
import type { GitHubEmulator } from "../../emulators/github/index.ts";
import type { KubeEmulator } from "../../emulators/kube/index.ts";
import { type SkyfloWorld, startSkyfloWorld } from "../../support/skyflo-world.ts";

const repo = { owner: "acme", repo: "shop" };
let github: GitHubEmulator;
let kube: KubeEmulator;
let world: SkyfloWorld;

beforeAll(async () => {
  world = await startSkyfloWorld({
    collaborators: { dev: "push", reader: "pull" },
    app: { now: () => new Date("2026-11-25T10:00:00Z") },
  });
  ({ github, kube } = world);
});

afterAll(async () => {
  await world?.close();
});

const settle = () => world.settle();

async function ask(login: string, title: string, body: string) {
  const octokit = github.octokitAs(login);
  const { data: issue } = await octokit.rest.issues.create({ ...repo, title });
  const { data: comment } = await octokit.rest.issues.createComment({
    ...repo,
    issue_number: issue.number,
    body,
  });
  await settle();
  const { data: comments } = await octokit.rest.issues.listComments({ ...repo, issue_number: issue.number });
  const status = comments.filter((c) => c.body?.includes(STATUS_MARKER));
  return { issue, comment, comments, status };
}

async function openPulls() {
  const { data } = await github.octokitAs("olivia").rest.pulls.list({ ...repo, state: "all" });
  return data;
}

describe("/skyflo <request> on an issue", () => {
  it("a collaborator's request yields a plan PR: plan file, digest in the body, diff in a review comment, status linking it", async () => {
    const { issue, comment, status } = await ask("dev", "Scale web", "/skyflo scale web to 5 in shop");
    const dev = github.octokitAs("dev");

    const reactions = await dev.rest.reactions.listForIssueComment({ ...repo, comment_id: comment.id });
    expect(reactions.data.map((r) => r.content)).toEqual(["eyes"]);

    const pulls = await openPulls();
    expect(pulls).toHaveLength(1);
    const pr = pulls[0];
    if (!pr) throw new Error("no pull request");
    expect(pr.head.ref).toBe(`skyflo/${issue.number}-scale-web`);
    expect(pr.base.ref).toBe("main");

    const { data: files } = await dev.rest.pulls.listFiles({ ...repo, pull_number: pr.number });
    const planPath = `.skyflo/plans/${issue.number}-scale-web.yaml`;
    expect(files.map((f) => f.filename)).toEqual([planPath]);
    const { data: commits } = await dev.rest.pulls.listCommits({ ...repo, pull_number: pr.number });
    expect(commits).toHaveLength(1);

    const { data: content } = await dev.rest.repos.getContent({ ...repo, path: planPath, ref: pr.head.sha });
    if (Array.isArray(content) || content.type !== "file") throw new Error("plan file missing");
    const parsed = readPlan(Buffer.from(content.content, "base64").toString("utf8"));
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("; "));
    expect(parsed.plan.steps).toEqual([
      expect.objectContaining({
        tool: "k8s_scale",
        args: expect.objectContaining({ namespace: "shop", name: "web", replicas: 5 }),
      }),
    ]);
    expect(parsed.plan.metadata.request).toMatchObject({ text: "scale web to 5 in shop", by: "dev" });

    const metadata = readBodyMetadata(pr.body ?? "");
    expect(metadata).toEqual({
      planId: `${issue.number}-scale-web`,
      digest: parsed.digest,
      requester: "dev",
      issue: issue.number,
    });
    expect(pr.body).toContain(parsed.digest);
    expect(pr.body).toContain("@olivia");

    const { data: reviews } = await dev.rest.pulls.listReviews({ ...repo, pull_number: pr.number });
    expect(reviews).toHaveLength(1);
    expect(reviews[0]?.commit_id).toBe(pr.head.sha);
    const { data: reviewComments } = await dev.rest.pulls.listReviewComments({
      ...repo,
      pull_number: pr.number,
    });
    expect(reviewComments).toHaveLength(1);
    expect(reviewComments[0]?.path).toBe(planPath);
    expect(reviewComments[0]?.body).toContain("-  replicas: 3");
    expect(reviewComments[0]?.body).toContain("+  replicas: 5");

    expect(status).toHaveLength(1);
    expect(status[0]?.user?.login).toBe("skyflo[bot]");
    expect(status[0]?.body).toContain(pr.html_url);
    expect(status[0]?.body).toContain(parsed.digest);

    // Planning never touches the cluster.
    const deployments = kube.store.registry.byKind("apps/v1", "Deployment");
    if (!deployments) throw new Error("no deployments type");
    expect(kube.store.get(deployments, "shop", "web")?.spec).toMatchObject({ replicas: 3 });
  });

  it("an outsider's request is refused, politely, and opens nothing", async () => {
    const before = (await openPulls()).length;
    const { status } = await ask("mallory", "Scale web please", "/skyflo scale web to 9 in shop");
    expect(status).toHaveLength(1);
    expect(status[0]?.body).toContain("will not plan this request");
    expect(status[0]?.body).toMatch(/write access/);
    expect((await openPulls()).length).toBe(before);

    const reader = await ask("reader", "Scale web too", "/skyflo scale web to 9 in shop");
    expect(reader.status[0]?.body).toMatch(/write access/);
    expect((await openPulls()).length).toBe(before);
  });

  it("an unplannable request gets a helpful reply and opens nothing", async () => {
    const before = (await openPulls()).length;
    const unknown = await ask("dev", "Nonsense", "/skyflo frobnicate the cluster");
    expect(unknown.status).toHaveLength(1);
    expect(unknown.status[0]?.body).toContain("will not plan this request");
    expect(unknown.status[0]?.body).toMatch(/scale/);

    const missing = await ask("dev", "Missing", "/skyflo scale api to 2 in shop");
    expect(missing.status[0]?.body).toContain("api");
    expect(missing.status[0]?.body).toContain("web");
    expect((await openPulls()).length).toBe(before);
  });

  it("answers /skyflo help and ignores comments that are not commands", async () => {
    const help = await ask("dev", "Help", "/skyflo help");
    expect(help.comments.at(-1)?.body).toMatch(/scale/);
    const chatter = await ask("dev", "Chatter", "I think we should /skyflo later");
    expect(chatter.comments).toHaveLength(1);
  });

  it("/skyflo replan on the plan PR re-plans against the live cluster as one new commit", async () => {
    const { issue } = await ask("dev", "Scale web again", "/skyflo scale web to 6 in shop");
    const pr = (await openPulls()).find((p) => p.head.ref === `skyflo/${issue.number}-scale-web`);
    if (!pr) throw new Error("no plan pull request");
    const dev = github.octokitAs("dev");
    const before = readBodyMetadata(pr.body ?? "");

    // Nothing changed in the cluster: the plan is the same, nothing is committed.
    await dev.rest.issues.createComment({ ...repo, issue_number: pr.number, body: "/skyflo replan" });
    await settle();
    let { data: prComments } = await dev.rest.issues.listComments({ ...repo, issue_number: pr.number });
    expect(prComments.at(-1)?.body).toContain("the plan is unchanged");
    expect((await dev.rest.pulls.listCommits({ ...repo, pull_number: pr.number })).data).toHaveLength(1);

    // Someone scaled web meanwhile: the replanned step says so, on a new commit.
    const deployments = kube.store.registry.byKind("apps/v1", "Deployment");
    if (!deployments) throw new Error("no deployments type");
    const live = kube.store.get(deployments, "shop", "web");
    if (!live) throw new Error("no web deployment");
    kube.store.update(deployments, { ...live, spec: { ...(live.spec as object), replicas: 4 } });
    await dev.rest.issues.createComment({ ...repo, issue_number: pr.number, body: "/skyflo replan" });
    await settle();

    const { data: after } = await dev.rest.pulls.get({ ...repo, pull_number: pr.number });
    expect(after.head.sha).not.toBe(pr.head.sha);
    expect((await dev.rest.pulls.listCommits({ ...repo, pull_number: pr.number })).data).toHaveLength(2);
    const metadata = readBodyMetadata(after.body ?? "");
    expect(metadata?.planId).toBe(before?.planId);
    expect(metadata?.digest).not.toBe(before?.digest);
    expect(after.body).toContain("replicas 4 → 6");
    ({ data: prComments } = await dev.rest.issues.listComments({ ...repo, issue_number: pr.number }));
    expect(prComments.at(-1)?.body).toContain(`digest \`${before?.digest}\` → \`${metadata?.digest}\``);
    const { data: reviews } = await dev.rest.pulls.listReviews({ ...repo, pull_number: pr.number });
    expect(reviews.map((r) => r.commit_id)).toEqual([pr.head.sha, after.head.sha]);
    const { data: issueComments } = await dev.rest.issues.listComments({
      ...repo,
      issue_number: issue.number,
    });
    const status = issueComments.filter((c) => c.body?.includes(STATUS_MARKER));
    expect(status).toHaveLength(1);
    expect(status[0]?.body).toContain(metadata?.digest ?? "missing");

    // An outsider cannot replan.
    await github
      .octokitAs("mallory")
      .rest.issues.createComment({ ...repo, issue_number: pr.number, body: "/skyflo replan" });
    await settle();
    ({ data: prComments } = await dev.rest.issues.listComments({ ...repo, issue_number: pr.number }));
    expect(prComments.at(-1)?.body).toMatch(/write access/);
    expect((await dev.rest.pulls.listCommits({ ...repo, pull_number: pr.number })).data).toHaveLength(2);
  });

  it("a forge error while opening the PR ends in a status that says so, and no PR", async () => {
    const before = (await openPulls()).length;
    github.faults.failNext({
      method: "POST",
      path: "/repos/acme/shop/pulls",
      status: 422,
      message: "Validation Failed",
    });
    const { status } = await ask("dev", "Restart web", "/skyflo restart web in shop");
    expect(status).toHaveLength(1);
    expect(status[0]?.body).toContain("could not finish");
    expect(status[0]?.body).toMatch(/422/);
    expect((await openPulls()).length).toBe(before);

    // Asking again works: the branch the failed attempt left behind is reused.
    const dev = github.octokitAs("dev");
    const { data: issues } = await dev.rest.issues.listForRepo({ ...repo, state: "open" });
    const restart = issues.find((i) => i.title === "Restart web");
    if (!restart) throw new Error("issue missing");
    await dev.rest.issues.createComment({
      ...repo,
      issue_number: restart.number,
      body: "/skyflo restart web in shop",
    });
    await settle();
    expect((await openPulls()).length).toBe(before + 1);

    // And a third time: the plan is already open, so it says where instead of overwriting it.
    await dev.rest.issues.createComment({
      ...repo,
      issue_number: restart.number,
      body: "/skyflo restart web in shop",
    });
    await settle();
    const { data: comments } = await dev.rest.issues.listComments({ ...repo, issue_number: restart.number });
    const statusComment = comments.find((c) => c.body?.includes(STATUS_MARKER));
    expect(statusComment?.body).toContain("A plan for this request is already open");
    expect((await openPulls()).length).toBe(before + 1);
  });
});
