// Fault injection (forced 403/404/422/429/500 with rate-limit headers) and the request recorder.
import type { Octokit } from "@octokit/rest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type GitHubEmulator, startGitHubEmulator } from "./index.ts";
import { failure, seedRepo } from "./testing.ts";

let emulator: GitHubEmulator;
let olivia: Octokit;
const repo = { owner: "acme", repo: "shop" };

beforeAll(async () => {
  emulator = await startGitHubEmulator();
  ({ octokit: olivia } = await seedRepo(emulator, "acme", "shop", "olivia"));
});

afterEach(() => emulator.faults.clear());

afterAll(async () => {
  await emulator.close();
});

describe("faults", () => {
  it("fails the next N matching requests with the status, message and headers given, then recovers", async () => {
    emulator.faults.failNext({
      method: "POST",
      path: "/repos/acme/shop/issues",
      status: 429,
      count: 2,
      headers: { "retry-after": "7" },
    });
    for (let i = 0; i < 2; i++) {
      const result = await failure(olivia.rest.issues.create({ ...repo, title: "x" }));
      expect(result.status).toBe(429);
      expect(result.message).toMatch(/secondary rate limit/);
      expect(result.headers["retry-after"]).toBe("7");
    }
    expect((await olivia.rest.issues.create({ ...repo, title: "x" })).status).toBe(201);
  });

  it("matches parent paths and regular expressions, by method when given, and applies before auth", async () => {
    emulator.faults.failNext({
      path: "/repos/acme/shop",
      status: 403,
      headers: { "x-ratelimit-remaining": "0" },
    });
    const limited = await failure(olivia.rest.pulls.list(repo));
    expect(limited).toMatchObject({ status: 403, message: "API rate limit exceeded" });
    expect(limited.headers["x-ratelimit-remaining"]).toBe("0");
    emulator.faults.failNext({
      method: "PATCH",
      path: /\/issues\/comments\/\d+$/,
      status: 500,
      message: "boom",
    });
    const issue = await olivia.rest.issues.create({ ...repo, title: "y" });
    const comment = await olivia.rest.issues.createComment({
      ...repo,
      issue_number: issue.data.number,
      body: "a",
    });
    expect((await olivia.rest.issues.getComment({ ...repo, comment_id: comment.data.id })).status).toBe(200);
    expect(
      await failure(olivia.rest.issues.updateComment({ ...repo, comment_id: comment.data.id, body: "b" })),
    ).toMatchObject({
      status: 500,
      message: "boom",
    });
    emulator.faults.failNext({ path: "/repos/acme/shop/pulls/1", status: 404 });
    const anonymous = await fetch(`${emulator.url}/api/v3/repos/acme/shop/pulls/1`);
    expect(anonymous.status).toBe(404);
    expect(await anonymous.json()).toMatchObject({
      message: "Not Found",
      documentation_url: expect.any(String),
    });
    emulator.faults.failNext({ path: "/repos/acme/shop/issues", status: 422 });
    emulator.faults.clear();
    expect((await olivia.rest.issues.create({ ...repo, title: "z" })).status).toBe(201);
  });

  it("rejects malformed rules with a message saying what is wrong", () => {
    expect(() => emulator.faults.failNext({ path: "/x", status: 200 })).toThrow(
      /status must be an HTTP error code/,
    );
    expect(() => emulator.faults.failNext({ path: "/x", status: 500, count: 0 })).toThrow(
      /count must be a positive integer/,
    );
    expect(() => emulator.faults.failNext({ path: "repos", status: 500 })).toThrow(/must start with "\/"/);
  });
});

describe("recorder", () => {
  it("records method, path (without /api/v3 and query), status, actor and whether it writes", async () => {
    emulator.resetRequests();
    await olivia.rest.repos.get(repo);
    await olivia.rest.issues.create({ ...repo, title: "rec" });
    await failure(emulator.octokitAs("mallory").rest.repos.get({ owner: "acme", repo: "nope" }));
    await fetch(`${emulator.url}/api/v3/repos/acme/shop/contents/README.md?ref=main`, {
      headers: { authorization: "token bob" },
    });
    await fetch(`${emulator.url}/repos/acme/shop`, { headers: { authorization: "token not/a/login" } });
    expect(emulator.requests()).toEqual([
      { method: "GET", path: "/repos/acme/shop", status: 200, actor: "olivia", writes: false },
      { method: "POST", path: "/repos/acme/shop/issues", status: 201, actor: "olivia", writes: true },
      { method: "GET", path: "/repos/acme/nope", status: 404, actor: "mallory", writes: false },
      {
        method: "GET",
        path: "/repos/acme/shop/contents/README.md",
        status: 200,
        actor: "bob",
        writes: false,
      },
      { method: "GET", path: "/repos/acme/shop", status: 401, actor: "not/a/login", writes: false },
    ]);
    emulator.resetRequests();
    expect(emulator.requests()).toEqual([]);
  });

  it("answers unknown routes and bad JSON with GitHub's error bodies", async () => {
    const unknown = await fetch(`${emulator.url}/repos/acme/shop/wiki`, {
      headers: { authorization: "token olivia" },
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toContain(
      "does not serve GET /repos/acme/shop/wiki",
    );
    const badJson = await fetch(`${emulator.url}/repos/acme/shop/issues`, {
      method: "POST",
      headers: { authorization: "token olivia", "content-type": "application/json" },
      body: "{nope",
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ message: "Problems parsing JSON" });
    const missing = await failure(olivia.request("POST /repos/acme/shop/issues", {}));
    expect(missing).toMatchObject({
      status: 422,
      message: "Validation Failed",
      errors: [{ resource: "Issue", field: "title", code: "missing_field" }],
    });
  });
});
