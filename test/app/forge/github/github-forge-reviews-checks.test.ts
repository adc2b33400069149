// GitHubForge's gate reads and check writes against exact request expectations (nock intercepts
// Octokit's fetch): listReviews, listChangedFiles (both paginated) and setCheck (create or update
// this app's run only).
import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ForgeError } from "../../../../app/forge/errors.ts";
import { GitHubForge } from "../../../../app/forge/github/github-forge.ts";

const API = "https://api.github.com";
const repo = { owner: "acme", repo: "shop" };
const SHA = "a".repeat(40);
const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

function forge(options: ConstructorParameters<typeof GitHubForge>[1] = { botLogin: "skyflo[bot]" }) {
  return new GitHubForge(new TestOctokit({ auth: { token: "installation-token" } }), options);
}

async function failure(promise: Promise<unknown>): Promise<ForgeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ForgeError);
  return error as ForgeError;
}

function nextPage(path: string): Record<string, string> {
  return { link: `<${API}${path}>; rel="next"` };
}

beforeEach(() => {
  nock.cleanAll();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending, "every expected request was made").toEqual([]);
});

describe("listReviews", () => {
  it("reads every page and keeps only neutral fields; bots are marked", async () => {
    nock(API)
      .get("/repos/acme/shop/pulls/7/reviews")
      .query({ per_page: "100" })
      .reply(
        200,
        [
          {
            id: 1,
            user: { login: "olivia", type: "User" },
            state: "APPROVED",
            commit_id: SHA,
            submitted_at: "2026-11-25T10:00:00Z",
          },
        ],
        nextPage("/repos/acme/shop/pulls/7/reviews?per_page=100&page=2"),
      )
      .get("/repos/acme/shop/pulls/7/reviews")
      .query({ per_page: "100", page: "2" })
      .reply(200, [
        {
          id: 2,
          user: { login: "renovate[bot]", type: "Bot" },
          state: "CHANGES_REQUESTED",
          commit_id: SHA,
          submitted_at: "2026-11-25T11:00:00Z",
        },
        { id: 3, user: { login: "dev", type: "User" }, state: "PENDING", commit_id: SHA },
      ]);
    expect(await forge().listReviews(repo, 7)).toEqual([
      {
        id: 1,
        login: "olivia",
        isBot: false,
        state: "APPROVED",
        commitId: SHA,
        submittedAt: "2026-11-25T10:00:00Z",
      },
      {
        id: 2,
        login: "renovate[bot]",
        isBot: true,
        state: "CHANGES_REQUESTED",
        commitId: SHA,
        submittedAt: "2026-11-25T11:00:00Z",
      },
      { id: 3, login: "dev", isBot: false, state: "PENDING", commitId: SHA, submittedAt: "" },
    ]);
  });

  it("refuses a review state it does not know rather than guessing", async () => {
    nock(API)
      .get("/repos/acme/shop/pulls/7/reviews")
      .query(true)
      .reply(200, [{ id: 9, user: { login: "x", type: "User" }, state: "SUPER_APPROVED", commit_id: SHA }]);
    expect((await failure(forge().listReviews(repo, 7))).message).toBe(
      'GitHub returned review 9 of pull request #7 in acme/shop in the unknown state "SUPER_APPROVED"; Skyflo cannot judge it.',
    );
  });

  it("says what failed when GitHub refuses", async () => {
    nock(API).get("/repos/acme/shop/pulls/7/reviews").query(true).reply(404, { message: "Not Found" });
    const error = await failure(forge().listReviews(repo, 7));
    expect(error.message).toMatch(
      /^GitHub could not list the reviews of pull request #7 in acme\/shop \(404/,
    );
    expect(error.retryable).toBe(false);
  });
});

describe("listChangedFiles", () => {
  it("reads every page; a rename gives the old and the new path", async () => {
    nock(API)
      .get("/repos/acme/shop/pulls/7/files")
      .query({ per_page: "100" })
      .reply(
        200,
        [{ filename: ".skyflo/plans/p.yaml", status: "added" }],
        nextPage("/repos/acme/shop/pulls/7/files?per_page=100&page=2"),
      )
      .get("/repos/acme/shop/pulls/7/files")
      .query({ per_page: "100", page: "2" })
      .reply(200, [{ filename: "new/name.txt", previous_filename: "old/name.txt", status: "renamed" }]);
    expect(await forge().listChangedFiles(repo, 7)).toEqual([
      ".skyflo/plans/p.yaml",
      "old/name.txt",
      "new/name.txt",
    ]);
  });

  it("a 5xx is retryable and says so", async () => {
    nock(API).get("/repos/acme/shop/pulls/7/files").query(true).reply(502, { message: "Bad Gateway" });
    const error = await failure(forge().listChangedFiles(repo, 7));
    expect(error.message).toMatch(
      /could not list the files of pull request #7 in acme\/shop: GitHub had an internal error/,
    );
    expect(error.retryable).toBe(true);
  });
});

describe("setCheck", () => {
  const check = {
    name: "skyflo/approval",
    headSha: SHA,
    status: "completed" as const,
    conclusion: "action_required" as const,
    title: "Waiting",
    summary: "| | Requirement |",
  };

  it("creates the run when this app has none of that name on the commit (another app's is left alone)", async () => {
    nock(API)
      .get(`/repos/acme/shop/commits/${SHA}/check-runs`)
      .query({ check_name: "skyflo/approval", filter: "latest", per_page: "100" })
      .reply(200, {
        total_count: 1,
        check_runs: [{ id: 5, name: "skyflo/approval", app: { slug: "impostor" } }],
      })
      .post("/repos/acme/shop/check-runs", {
        name: "skyflo/approval",
        head_sha: SHA,
        status: "completed",
        conclusion: "action_required",
        output: { title: "Waiting", summary: "| | Requirement |" },
      })
      .reply(201, { id: 6, html_url: "https://github.com/acme/shop/runs/6" });
    expect(await forge().setCheck(repo, check)).toEqual({
      id: 6,
      url: "https://github.com/acme/shop/runs/6",
    });
  });

  it("updates this app's run in place, with the text when given", async () => {
    nock(API)
      .get(`/repos/acme/shop/commits/${SHA}/check-runs`)
      .query(true)
      .reply(200, {
        total_count: 2,
        check_runs: [
          { id: 5, name: "skyflo/approval", app: { slug: "impostor" } },
          { id: 4, name: "skyflo/approval", app: { slug: "skyflo" } },
        ],
      })
      .patch("/repos/acme/shop/check-runs/4", {
        status: "completed",
        conclusion: "success",
        output: { title: "Approved by @olivia at aaaaaaa", summary: "ok", text: "more" },
      })
      .reply(200, { id: 4, html_url: "https://github.com/acme/shop/runs/4" });
    const result = await forge().setCheck(repo, {
      ...check,
      conclusion: "success",
      title: "Approved by @olivia at aaaaaaa",
      summary: "ok",
      text: "more",
    });
    expect(result.id).toBe(4);
  });

  it("without the app's login it never adopts a run: it creates its own", async () => {
    nock(API)
      .get(`/repos/acme/shop/commits/${SHA}/check-runs`)
      .query(true)
      .reply(200, {
        total_count: 1,
        check_runs: [{ id: 4, name: "skyflo/approval", app: { slug: "skyflo" } }],
      })
      .post("/repos/acme/shop/check-runs")
      .reply(201, { id: 7, html_url: "u" });
    expect((await forge({}).setCheck(repo, check)).id).toBe(7);
  });

  it("refuses to complete a check without a conclusion, before any request", async () => {
    const { conclusion: _, ...incomplete } = check;
    expect((await failure(forge().setCheck(repo, incomplete))).message).toBe(
      `Cannot complete the check skyflo/approval on ${SHA} in acme/shop without a conclusion.`,
    );
  });

  it("a 403 names the check and the missing permission", async () => {
    nock(API)
      .get(`/repos/acme/shop/commits/${SHA}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post("/repos/acme/shop/check-runs")
      .reply(403, { message: "Resource not accessible by integration" });
    const error = await failure(forge().setCheck(repo, check));
    expect(error.message).toBe(
      "GitHub could not create the check skyflo/approval on aaaaaaa in acme/shop (403: Resource not accessible by integration). The app lacks a permission it needs; check the app's permissions and that it is installed on the repository.",
    );
  });
});
