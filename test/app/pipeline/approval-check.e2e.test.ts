// The approval gate told end to end, as issue 4 asks ("The gate", "Triggers"): people act through
// plain Octokit against the GitHub emulator, which delivers signed webhooks to Skyflo's real host;
// Skyflo shows the gate's verdict as the skyflo/approval check and in the issue's status comment.
// This server runs with execution off (a planner only): the Kubernetes store must not change at
// all. Execution is told in execute.e2e.test.ts and gate-adversarial.e2e.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBodyMetadata, STATUS_MARKER } from "../../../app/render/index.ts";
import type { GitHubEmulator } from "../../emulators/github/index.ts";
import { putFile } from "../../emulators/github/testing.ts";
import type { KubeEmulator } from "../../emulators/kube/index.ts";
import { type SkyfloWorld, startSkyfloWorld } from "../../support/skyflo-world.ts";

const repo = { owner: "acme", repo: "shop" };
const CHECK = "skyflo/approval";
let github: GitHubEmulator;
let kube: KubeEmulator;
let world: SkyfloWorld;
let clusterVersion: string;

beforeAll(async () => {
  // pat owns plans through the team; nina has write access but owns nothing.
  world = await startSkyfloWorld({
    collaborators: { dev: "push", nina: "push", pat: "push", ivan: "push" },
    platformMembers: ["pat"],
    app: { now: () => new Date("2026-11-25T10:00:00Z"), executeApproved: false },
  });
  ({ github, kube } = world);
  clusterVersion = kube.store.currentResourceVersion();
});

afterAll(async () => {
  await world?.close();
});

const settle = () => world.settle();

const planPullRequest = (title: string, request: string) => world.planPullRequest(title, request);

async function headOf(number: number): Promise<string> {
  const { data } = await github.octokitAs("dev").rest.pulls.get({ ...repo, pull_number: number });
  return data.head.sha;
}

/** The skyflo/approval check runs on `sha` (there must be exactly one). */
async function approvalCheck(sha: string) {
  const { data } = await github
    .octokitAs("dev")
    .rest.checks.listForRef({ ...repo, ref: sha, check_name: CHECK, filter: "all" });
  expect(data.check_runs).toHaveLength(1);
  const run = data.check_runs[0];
  if (!run) throw new Error("no check run");
  expect(run.app?.slug).toBe("skyflo");
  return run;
}

async function review(login: string, number: number, event: "APPROVE" | "REQUEST_CHANGES", body = "") {
  const { data } = await github
    .octokitAs(login)
    .rest.pulls.createReview({ ...repo, pull_number: number, event, body });
  await settle();
  return data;
}

async function statusOf(issueNumber: number): Promise<string> {
  const { data } = await github
    .octokitAs("dev")
    .rest.issues.listComments({ ...repo, issue_number: issueNumber });
  const status = data.filter((c) => c.body?.includes(STATUS_MARKER));
  expect(status).toHaveLength(1);
  return status[0]?.body ?? "";
}

function expectClusterUnchanged(): void {
  expect(kube.store.currentResourceVersion()).toBe(clusterVersion);
  const deployments = kube.store.registry.byKind("apps/v1", "Deployment");
  if (!deployments) throw new Error("no deployments type");
  expect(kube.store.get(deployments, "shop", "web")?.spec).toMatchObject({ replicas: 3 });
}

describe("the skyflo/approval check", () => {
  it("follows reviews and pushes: requester and non-owners do not count, an owner does, a push makes it stale", async () => {
    const { issue, pr } = await planPullRequest("Scale web", "/skyflo scale web to 5 in shop");
    const planPath = `.skyflo/plans/${issue.number}-scale-web.yaml`;

    // Opened by Skyflo itself: the check is computed anyway, and asks for the owners.
    let run = await approvalCheck(pr.head.sha);
    expect(run.status).toBe("completed");
    expect(run.conclusion).toBe("action_required");
    expect(run.output.summary).toContain("| ❌ |");
    expect(run.output.summary).toContain("needs 1 owner approval at the current head");
    expect(run.output.summary).toContain("| ✅ |");
    // The app's own commit leaves the "opened" status (with the digest) as it was.
    expect(await statusOf(issue.number)).toContain(readBodyMetadata(pr.body ?? "")?.digest ?? "missing");

    // The requester approving does not count.
    await review("dev", pr.number, "APPROVE");
    run = await approvalCheck(pr.head.sha);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.summary).toContain("asked for or changed this plan and cannot also approve it");
    expect(await statusOf(issue.number)).toContain("waiting for approval");

    // Nor does someone with write access who owns nothing.
    await review("nina", pr.number, "APPROVE");
    run = await approvalCheck(pr.head.sha);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.summary).toMatch(/nina\S* is not an owner/);

    // An owner's approval at head does.
    await review("olivia", pr.number, "APPROVE");
    run = await approvalCheck(pr.head.sha);
    expect(run.conclusion).toBe("success");
    expect(run.output.title).toBe(`Approved by @olivia at ${pr.head.sha.slice(0, 7)}`);
    expect(run.output.summary).not.toContain("❌");
    let status = await statusOf(issue.number);
    expect(status).toContain("is approved by");
    expect(status).toContain("`@olivia`");
    expect(status).toContain("Execution is turned off on this Skyflo server, so nothing was changed");
    expectClusterUnchanged();

    // A push to the branch (another file): the approval is at an old head, and more than the plan changed.
    await putFile(github.octokitAs("nina"), "acme", "shop", "notes.txt", "hello\n", pr.head.ref);
    await settle();
    const newHead = await headOf(pr.number);
    expect(newHead).not.toBe(pr.head.sha);
    run = await approvalCheck(newHead);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.summary).toContain("notes.txt");
    expect(run.output.summary).toContain(`may change only its plan file \`${planPath}\``);
    expect(run.output.summary).toContain(`approved an older commit (${pr.head.sha.slice(0, 7)})`);
    status = await statusOf(issue.number);
    expect(status).toContain("waiting for approval");
    // The old head's check still says what it was; only the new head's counts.
    expect((await approvalCheck(pr.head.sha)).conclusion).toBe("success");
    expectClusterUnchanged();
  });

  it("an owner's standing CHANGES_REQUESTED blocks another owner's approval", async () => {
    const { issue, pr } = await planPullRequest("Scale web more", "/skyflo scale web to 7 in shop");
    await review("olivia", pr.number, "APPROVE");
    expect((await approvalCheck(pr.head.sha)).conclusion).toBe("success");

    await review("pat", pr.number, "REQUEST_CHANGES", "Not during the sale.");
    const run = await approvalCheck(pr.head.sha);
    expect(run.conclusion).toBe("action_required");
    expect(run.output.summary).toMatch(/pat/);
    expect(await statusOf(issue.number)).toContain("waiting for approval");

    // Dismissing pat's review lifts the block (dismissed reviews are delivered too).
    const { data: reviews } = await github
      .octokitAs("olivia")
      .rest.pulls.listReviews({ ...repo, pull_number: pr.number });
    const blocking = reviews.find((r) => r.user?.login === "pat");
    if (!blocking) throw new Error("pat's review is missing");
    await github.octokitAs("olivia").rest.pulls.dismissReview({
      ...repo,
      pull_number: pr.number,
      review_id: blocking.id,
      message: "Sale is over.",
    });
    await settle();
    expect((await approvalCheck(pr.head.sha)).conclusion).toBe("success");
    expectClusterUnchanged();
  });

  it("/skyflo apply re-checks and says plainly that nothing is executed when execution is off", async () => {
    const { pr } = await planPullRequest("Restart web", "/skyflo restart web in shop");
    const dev = github.octokitAs("dev");
    await dev.rest.issues.createComment({ ...repo, issue_number: pr.number, body: "/skyflo apply" });
    await settle();
    let { data: comments } = await dev.rest.issues.listComments({ ...repo, issue_number: pr.number });
    expect(comments.at(-1)?.body).toContain("not approved yet");
    expect(comments.at(-1)?.body).toContain(
      "Execution is turned off on this Skyflo server, so nothing was changed",
    );

    await review("olivia", pr.number, "APPROVE");
    await dev.rest.issues.createComment({ ...repo, issue_number: pr.number, body: "/skyflo apply" });
    await settle();
    ({ data: comments } = await dev.rest.issues.listComments({ ...repo, issue_number: pr.number }));
    expect(comments.at(-1)?.body).toContain(`approved at ${pr.head.sha.slice(0, 7)}`);
    expect(comments.at(-1)?.body).toContain("nothing was changed");
    expect((await approvalCheck(pr.head.sha)).conclusion).toBe("success");
    expectClusterUnchanged();
  });

  it("a plan file edited so it no longer parses gets a check that quotes the error", async () => {
    const { issue, pr } = await planPullRequest("Scale web less", "/skyflo scale web to 2 in shop");
    const planPath = `.skyflo/plans/${issue.number}-scale-web.yaml`;
    await review("olivia", pr.number, "APPROVE");
    await putFile(github.octokitAs("nina"), "acme", "shop", planPath, "kind: [unclosed\n", pr.head.ref);
    await settle();
    const run = await approvalCheck(await headOf(pr.number));
    expect(run.conclusion).toBe("action_required");
    expect(run.output.summary).toContain(`The plan file \`${planPath}\``);
    expect(run.output.summary).toContain("is not a valid plan: YAML syntax error: Flow sequence");
    expect(await statusOf(issue.number)).toContain("waiting for approval");
    expectClusterUnchanged();
  });

  it("CODEOWNERS come from the base: a PR that makes someone an owner does not make their approval count", async () => {
    const { issue, pr } = await planPullRequest("Scale web to 4", "/skyflo scale web to 4 in shop");
    const nina = github.octokitAs("nina");
    await putFile(nina, "acme", "shop", ".github/CODEOWNERS", "* @ivan\n", pr.head.ref);
    await settle();
    await review("dev", pr.number, "APPROVE");
    await review("ivan", pr.number, "APPROVE");
    const run = await approvalCheck(await headOf(pr.number));
    expect(run.conclusion).toBe("action_required");
    expect(run.output.summary).toContain(".github/CODEOWNERS");
    expect(run.output.summary).toMatch(/ivan\S* is not an owner/);
    expect(await statusOf(issue.number)).toContain("waiting for approval");
    expectClusterUnchanged();
  });

  it("pull requests that are not Skyflo plans get no check", async () => {
    const nina = github.octokitAs("nina");
    await putFile(nina, "acme", "shop", "docs.md", "# docs\n", "main");
    const { data: main } = await nina.rest.repos.getBranch({ ...repo, branch: "main" });
    await nina.rest.git.createRef({ ...repo, ref: "refs/heads/docs", sha: main.commit.sha });
    await putFile(nina, "acme", "shop", "docs.md", "# more docs\n", "docs");
    const { data: pr } = await nina.rest.pulls.create({ ...repo, head: "docs", base: "main", title: "Docs" });
    await review("olivia", pr.number, "APPROVE");
    const { data } = await nina.rest.checks.listForRef({ ...repo, ref: pr.head.sha });
    expect(data.check_runs).toEqual([]);
    expectClusterUnchanged();
  });
});
