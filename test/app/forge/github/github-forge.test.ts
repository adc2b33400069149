// GitHubForge against exact request expectations (nock intercepts Octokit's fetch): every method,
// the requests it makes, and how GitHub's errors become ForgeErrors with sentences.
import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ForgeError } from "../../../../app/forge/errors.ts";
import { GitHubForge } from "../../../../app/forge/github/github-forge.ts";

const API = "https://api.github.com";
const repo = { owner: "acme", repo: "shop" };
const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

function forge(options?: ConstructorParameters<typeof GitHubForge>[1]) {
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

beforeEach(() => {
  nock.cleanAll();
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending, "every expected request was made").toEqual([]);
});

describe("defaultBranch", () => {
  it("reads the default branch name, then its head commit", async () => {
    nock(API)
      .get("/repos/acme/shop")
      .matchHeader("authorization", "token installation-token")
      .reply(200, { default_branch: "trunk" })
      .get("/repos/acme/shop/branches/trunk")
      .reply(200, { name: "trunk", commit: { sha: "abc123", commit: { tree: { sha: "tree0" } } } });
    expect(await forge().defaultBranch(repo)).toEqual({ name: "trunk", sha: "abc123" });
  });

  it("remembers the head's tree, so a commit on it needs no extra request", async () => {
    nock(API)
      .get("/repos/acme/shop")
      .reply(200, { default_branch: "main" })
      .get("/repos/acme/shop/branches/main")
      .reply(200, { name: "main", commit: { sha: "base1", commit: { tree: { sha: "tree0" } } } })
      .post("/repos/acme/shop/git/trees", (body) => body.base_tree === "tree0")
      .reply(201, { sha: "tree1" })
      .post("/repos/acme/shop/git/commits")
      .reply(201, { sha: "commit1", tree: { sha: "tree1" } })
      .post("/repos/acme/shop/git/refs")
      .reply(201, {})
      // Replan on top of the new commit: its tree is known too.
      .post("/repos/acme/shop/git/trees", (body) => body.base_tree === "tree1")
      .reply(201, { sha: "tree2" })
      .post("/repos/acme/shop/git/commits", (body) => body.parents[0] === "commit1")
      .reply(201, { sha: "commit2", tree: { sha: "tree2" } })
      .patch("/repos/acme/shop/git/refs/heads%2Fb")
      .reply(200, {});
    const f = forge();
    const { sha } = await f.defaultBranch(repo);
    const files = [{ path: "a.yaml", content: "a" }];
    const first = await f.commitFiles(repo, { branch: "b", baseSha: sha, message: "m", files });
    await f.commitFiles(repo, { branch: "b", baseSha: sha, parentSha: first.sha, message: "m", files });
  });

  it("names the repository when it cannot be read", async () => {
    nock(API).get("/repos/acme/shop").reply(404, { message: "Not Found" });
    const error = await failure(forge().defaultBranch(repo));
    expect(error.status).toBe(404);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      "GitHub could not read the repository acme/shop (404: Not Found). Check that it exists and that the app is installed on the repository.",
    );
  });
});

describe("readFile", () => {
  it("decodes base64 content from the contents API at the ref", async () => {
    const text = "requesters:\n  users: [ana]\n# ünïcødé\n";
    nock(API)
      .get("/repos/acme/shop/contents/.github%2Fskyflo.yml")
      .query({ ref: "main" })
      .reply(200, {
        type: "file",
        encoding: "base64",
        size: Buffer.byteLength(text),
        sha: "f1",
        content: Buffer.from(text)
          .toString("base64")
          .replace(/(.{60})/g, "$1\n"),
      });
    expect(await forge().readFile(repo, ".github/skyflo.yml", "main")).toBe(text);
  });

  it("returns undefined for a missing file", async () => {
    nock(API)
      .get("/repos/acme/shop/contents/CODEOWNERS")
      .query({ ref: "main" })
      .reply(404, { message: "Not Found" });
    expect(await forge().readFile(repo, "CODEOWNERS", "main")).toBeUndefined();
  });

  it("reads files of 1 MB and more through the blob API", async () => {
    const big = "x".repeat(1024 * 1024 + 5);
    nock(API)
      .get("/repos/acme/shop/contents/k8s%2Fbig.yaml")
      .query({ ref: "main" })
      .reply(200, { type: "file", encoding: "none", size: big.length, sha: "b1", content: "" })
      .get("/repos/acme/shop/git/blobs/b1")
      .reply(200, {
        sha: "b1",
        encoding: "base64",
        size: big.length,
        content: Buffer.from(big).toString("base64"),
      });
    expect(await forge().readFile(repo, "k8s/big.yaml", "main")).toBe(big);
  });

  it("refuses files over the size limit, directories and symlinks, naming the path", async () => {
    nock(API)
      .get("/repos/acme/shop/contents/huge.yaml")
      .query({ ref: "main" })
      .reply(200, { type: "file", encoding: "none", size: 50, sha: "h", content: "" })
      .get("/repos/acme/shop/contents/k8s")
      .query({ ref: "main" })
      .reply(200, [{ type: "file", name: "web.yaml", path: "k8s/web.yaml", sha: "w", size: 1 }])
      .get("/repos/acme/shop/contents/link")
      .query({ ref: "main" })
      .reply(200, { type: "symlink", target: "elsewhere", size: 9, sha: "l" });
    const f = forge({ maxFileBytes: 10 });
    expect((await failure(f.readFile(repo, "huge.yaml", "main"))).message).toBe(
      "Cannot read huge.yaml at main in acme/shop: it is 50 bytes, more than the 10 bytes Skyflo reads.",
    );
    expect((await failure(f.readFile(repo, "k8s", "main"))).message).toBe(
      "Cannot read k8s at main in acme/shop: it is a directory, not a file.",
    );
    expect((await failure(f.readFile(repo, "link", "main"))).message).toBe(
      "Cannot read link at main in acme/shop: it is a symlink, not a file.",
    );
  });

  it("turns a 403 into a ForgeError that names the file and gives advice", async () => {
    nock(API)
      .get("/repos/acme/shop/contents/secret.yaml")
      .query({ ref: "main" })
      .reply(403, { message: "Resource not accessible by integration" });
    const error = await failure(forge().readFile(repo, "secret.yaml", "main"));
    expect(error.status).toBe(403);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      "GitHub could not read secret.yaml at main in acme/shop (403: Resource not accessible by integration). The app lacks a permission it needs; check the app's permissions and that it is installed on the repository.",
    );
  });
});

describe("permission", () => {
  it("prefers role_name (maintain, triage) over the folded permission", async () => {
    nock(API)
      .get("/repos/acme/shop/collaborators/ana/permission")
      .reply(200, { permission: "write", role_name: "maintain", user: { login: "ana" } })
      .get("/repos/acme/shop/collaborators/bo/permission")
      .reply(200, { permission: "read", role_name: "triage", user: { login: "bo" } })
      .get("/repos/acme/shop/collaborators/cy/permission")
      .reply(200, { permission: "write", role_name: "deployers", user: { login: "cy" } });
    const f = forge();
    expect(await f.permission(repo, "ana")).toBe("maintain");
    expect(await f.permission(repo, "bo")).toBe("triage");
    expect(await f.permission(repo, "cy")).toBe("write"); // a custom role: its base permission
  });

  it('is "none" for an unknown user (404)', async () => {
    nock(API).get("/repos/acme/shop/collaborators/ghost/permission").reply(404, { message: "Not Found" });
    expect(await forge().permission(repo, "ghost")).toBe("none");
  });

  it("is retryable on a secondary rate limit, with the wait GitHub asked for", async () => {
    nock(API)
      .get("/repos/acme/shop/collaborators/ana/permission")
      .reply(403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "30" });
    const error = await failure(forge().permission(repo, "ana"));
    expect(error).toMatchObject({ status: 403, retryable: true, retryAfterMs: 30_000 });
    expect(error.message).toBe(
      "GitHub could not read ana's permission on acme/shop: the rate limit was reached (403: You have exceeded a secondary rate limit.). Skyflo will retry in 30 s.",
    );
  });
});

describe("isTeamMember", () => {
  it("counts active memberships only", async () => {
    nock(API)
      .get("/orgs/acme/teams/sre/memberships/ana")
      .reply(200, { state: "active", role: "member" })
      .get("/orgs/acme/teams/sre/memberships/bo")
      .reply(200, { state: "pending", role: "member" })
      .get("/orgs/acme/teams/sre/memberships/cy")
      .reply(404, { message: "Not Found" });
    const f = forge();
    expect(await f.isTeamMember("acme", "sre", "ana")).toBe(true);
    expect(await f.isTeamMember("acme", "sre", "bo")).toBe(false);
    expect(await f.isTeamMember("acme", "sre", "cy")).toBe(false);
  });

  it("is retryable on 429 and 5xx", async () => {
    nock(API)
      .get("/orgs/acme/teams/sre/memberships/ana")
      .reply(429, { message: "Too Many Requests" }, { "retry-after": "2" })
      .get("/orgs/acme/teams/sre/memberships/bo")
      .reply(502, { message: "Bad Gateway" });
    const f = forge();
    expect(await failure(f.isTeamMember("acme", "sre", "ana"))).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 2000,
    });
    const error = await failure(f.isTeamMember("acme", "sre", "bo"));
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(error.message).toBe(
      "GitHub could not read bo's membership of the team acme/sre: GitHub had an internal error (502: Bad Gateway). This is usually temporary; try again.",
    );
  });
});

describe("comments", () => {
  it("acknowledges a comment with the eyes reaction", async () => {
    nock(API)
      .post("/repos/acme/shop/issues/comments/77/reactions", { content: "eyes" })
      .reply(201, { id: 1 });
    await forge().acknowledge(repo, 77);
  });

  it("posts a comment and returns its id and URL", async () => {
    nock(API)
      .post("/repos/acme/shop/issues/12/comments", { body: "hello" })
      .reply(201, { id: 5, html_url: "https://github.com/acme/shop/issues/12#issuecomment-5" });
    expect(await forge().comment(repo, 12, "hello")).toEqual({
      id: 5,
      url: "https://github.com/acme/shop/issues/12#issuecomment-5",
    });
  });

  it("upsertComment updates the bot's marked comment in place, looking through every page", async () => {
    const marker = "<!-- skyflo:status -->";
    const page1 = Array.from({ length: 100 }, (_, i) => ({
      id: i + 1,
      body: i === 3 ? `${marker} pasted by a person` : "chatter",
      user: { login: "ana", type: "User" },
      html_url: `u${i + 1}`,
    }));
    nock(API)
      .get("/repos/acme/shop/issues/12/comments")
      .query({ per_page: "100" })
      .reply(200, page1, {
        link: `<${API}/repositories/1/issues/12/comments?per_page=100&page=2>; rel="next"`,
      })
      .get("/repositories/1/issues/12/comments")
      .query({ per_page: "100", page: "2" })
      .reply(200, [
        {
          id: 150,
          body: `${marker}\nplanning`,
          user: { login: "skyflo[bot]", type: "Bot" },
          html_url: "u150",
        },
      ])
      .patch("/repos/acme/shop/issues/comments/150", { body: `${marker}\nPR opened` })
      .reply(200, { id: 150, html_url: "u150" });
    expect(await forge().upsertComment(repo, 12, marker, `${marker}\nPR opened`)).toEqual({
      id: 150,
      url: "u150",
    });
  });

  it("upsertComment creates the comment when none carries the marker, and skips an unchanged update", async () => {
    const marker = "<!-- skyflo:status -->";
    nock(API)
      .get("/repos/acme/shop/issues/3/comments")
      .query({ per_page: "100" })
      .reply(200, [{ id: 9, body: marker, user: { login: "other[bot]", type: "Bot" }, html_url: "u9" }])
      .post("/repos/acme/shop/issues/3/comments", { body: `${marker} new` })
      .reply(201, { id: 10, html_url: "u10" })
      .get("/repos/acme/shop/issues/3/comments")
      .query({ per_page: "100" })
      .reply(200, [
        { id: 10, body: `${marker} new`, user: { login: "skyflo[bot]", type: "Bot" }, html_url: "u10" },
      ]);
    const f = forge({ botLogin: "skyflo[bot]" });
    expect(await f.upsertComment(repo, 3, marker, `${marker} new`)).toEqual({ id: 10, url: "u10" });
    expect(await f.upsertComment(repo, 3, marker, `${marker} new`)).toEqual({ id: 10, url: "u10" });
  });

  it("upsertComment refuses a body without its marker", async () => {
    const error = await failure(forge().upsertComment(repo, 3, "<!-- m -->", "no marker"));
    expect(error.message).toContain("the body does not contain its marker");
  });
});

describe("commitFiles", () => {
  const files = [
    { path: ".skyflo/plans/p1.yaml", content: "id: p1\n" },
    { path: ".skyflo/plans/README.md", content: "plans\n" },
  ];

  it("makes one commit with every file (tree with inline content on the parent's tree), then creates the branch", async () => {
    nock(API)
      .get("/repos/acme/shop/git/commits/base1")
      .reply(200, { sha: "base1", tree: { sha: "tree0" } })
      .post("/repos/acme/shop/git/trees", {
        base_tree: "tree0",
        tree: files.map((f) => ({ path: f.path, mode: "100644", type: "blob", content: f.content })),
      })
      .reply(201, { sha: "tree1" })
      .post("/repos/acme/shop/git/commits", { message: "Plan p1", tree: "tree1", parents: ["base1"] })
      .reply(201, { sha: "commit1" })
      .post("/repos/acme/shop/git/refs", { ref: "refs/heads/skyflo/p1", sha: "commit1" })
      .reply(201, { ref: "refs/heads/skyflo/p1", object: { sha: "commit1" } });
    expect(
      await forge().commitFiles(repo, { branch: "skyflo/p1", baseSha: "base1", message: "Plan p1", files }),
    ).toEqual({ sha: "commit1" });
  });

  it("force-moves an existing branch when parentSha is given (replan)", async () => {
    nock(API)
      .get("/repos/acme/shop/git/commits/head1")
      .reply(200, { sha: "head1", tree: { sha: "treeH" } })
      .post("/repos/acme/shop/git/trees", (body) => body.base_tree === "treeH" && body.tree.length === 2)
      .reply(201, { sha: "tree2" })
      .post("/repos/acme/shop/git/commits", { message: "Replan p1", tree: "tree2", parents: ["head1"] })
      .reply(201, { sha: "commit2" })
      .patch("/repos/acme/shop/git/refs/heads%2Fskyflo%2Fp1", { sha: "commit2", force: true })
      .reply(200, { ref: "refs/heads/skyflo/p1", object: { sha: "commit2" } });
    expect(
      await forge().commitFiles(repo, {
        branch: "skyflo/p1",
        baseSha: "base1",
        parentSha: "head1",
        message: "Replan p1",
        files,
      }),
    ).toEqual({ sha: "commit2" });
  });

  it("says which branch could not be created when it already exists", async () => {
    nock(API)
      .get("/repos/acme/shop/git/commits/base1")
      .reply(200, { sha: "base1", tree: { sha: "tree0" } })
      .post("/repos/acme/shop/git/trees")
      .reply(201, { sha: "tree1" })
      .post("/repos/acme/shop/git/commits")
      .reply(201, { sha: "commit1" })
      .post("/repos/acme/shop/git/refs")
      .reply(422, { message: "Reference already exists" });
    const error = await failure(
      forge().commitFiles(repo, { branch: "skyflo/p1", baseSha: "base1", message: "m", files }),
    );
    expect(error).toMatchObject({ status: 422, retryable: false });
    expect(error.message).toBe(
      "GitHub could not create the branch skyflo/p1 in acme/shop (422: Reference already exists). GitHub rejected the request as invalid.",
    );
  });

  it("refuses an empty commit without a request", async () => {
    const error = await failure(
      forge().commitFiles(repo, { branch: "b", baseSha: "s", message: "m", files: [] }),
    );
    expect(error.message).toBe("Cannot commit to b in acme/shop: there are no files to commit.");
  });
});

describe("change requests", () => {
  const pull = {
    number: 7,
    html_url: "https://github.com/acme/shop/pull/7",
    state: "open",
    merged: false,
    merged_at: null,
    body: "plan body",
    user: { login: "skyflo[bot]" },
    head: { ref: "skyflo/p1", sha: "commit1" },
    base: { ref: "main", sha: "base1" },
  };
  const expected = {
    number: 7,
    url: "https://github.com/acme/shop/pull/7",
    headBranch: "skyflo/p1",
    headSha: "commit1",
    baseBranch: "main",
    baseSha: "base1",
    state: "open",
    body: "plan body",
    author: "skyflo[bot]",
  };

  it("opens, reads and updates a pull request", async () => {
    nock(API)
      .post("/repos/acme/shop/pulls", {
        head: "skyflo/p1",
        base: "main",
        title: "Plan p1",
        body: "plan body",
      })
      .reply(201, pull)
      .get("/repos/acme/shop/pulls/7")
      .reply(200, { ...pull, state: "closed", merged: true, merged_at: "2026-01-01T00:00:00Z", body: null })
      .patch("/repos/acme/shop/pulls/7", { body: "new body" })
      .reply(200, pull);
    const f = forge();
    expect(
      await f.openChangeRequest(repo, {
        head: "skyflo/p1",
        base: "main",
        title: "Plan p1",
        body: "plan body",
      }),
    ).toEqual(expected);
    expect(await f.getChangeRequest(repo, 7)).toEqual({ ...expected, state: "merged", body: "" });
    await f.updateChangeRequest(repo, 7, { body: "new body" });
    await f.updateChangeRequest(repo, 7, {}); // nothing to change: no request
  });

  it("names the pull request that cannot be read", async () => {
    nock(API).get("/repos/acme/shop/pulls/99").reply(404, { message: "Not Found" });
    expect((await failure(forge().getChangeRequest(repo, 99))).message).toMatch(
      /^GitHub could not read pull request #99 in acme\/shop \(404: Not Found\)\./,
    );
  });

  it("reviews with one createReview call: event COMMENT, commit_id, comments on the RIGHT side", async () => {
    nock(API)
      .post("/repos/acme/shop/pulls/7/reviews", {
        commit_id: "commit1",
        event: "COMMENT",
        body: "Dry-run previews",
        comments: [
          {
            path: ".skyflo/plans/p1.yaml",
            line: 14,
            side: "RIGHT",
            start_line: 9,
            start_side: "RIGHT",
            body: "diff 1",
          },
          { path: ".skyflo/plans/p1.yaml", line: 20, side: "RIGHT", body: "diff 2" },
        ],
      })
      .reply(200, { id: 1 });
    await forge().reviewWithComments(repo, 7, {
      commitSha: "commit1",
      body: "Dry-run previews",
      comments: [
        { path: ".skyflo/plans/p1.yaml", startLine: 9, line: 14, body: "diff 1" },
        { path: ".skyflo/plans/p1.yaml", startLine: 20, line: 20, body: "diff 2" },
      ],
    });
  });

  it("explains a 422 from createReview with GitHub's error details", async () => {
    nock(API)
      .post("/repos/acme/shop/pulls/7/reviews")
      .reply(422, { message: "Unprocessable Entity", errors: ["Line could not be resolved"] });
    const error = await failure(
      forge().reviewWithComments(repo, 7, { commitSha: "c", body: "b", comments: [] }),
    );
    expect(error.message).toBe(
      "GitHub could not review pull request #7 in acme/shop (422: Unprocessable Entity; Line could not be resolved). GitHub rejected the request as invalid.",
    );
  });
});

describe("network failures", () => {
  it("are retryable and say the request did not complete", async () => {
    nock(API).get("/repos/acme/shop").replyWithError("socket hang up");
    const error = await failure(forge().defaultBranch(repo));
    expect(error.status).toBeUndefined();
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(
      /^GitHub could not read the repository acme\/shop: the request did not complete \(.*socket hang up.*\)\.$/,
    );
  });
});
