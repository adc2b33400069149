// Setting up a world as users: repositories, files through the contents API, collaborators and
// their permissions, team memberships.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubEmulator, startGitHubEmulator } from "./index.ts";
import { base64, failure, seedRepo } from "./testing.ts";

let emulator: GitHubEmulator;

beforeAll(async () => {
  emulator = await startGitHubEmulator();
});

afterAll(async () => {
  await emulator.close();
});

describe("repositories", () => {
  it("creates an org repository with a README on main, owned by its creator", async () => {
    const { octokit, repo } = await seedRepo(emulator, "acme", "shop", "olivia");
    expect(repo).toMatchObject({
      name: "shop",
      full_name: "acme/shop",
      default_branch: "main",
      private: false,
    });
    expect(repo.owner).toMatchObject({ login: "acme", type: "Organization" });
    const { data } = await octokit.rest.repos.get({ owner: "acme", repo: "shop" });
    expect(data.permissions).toMatchObject({ admin: true, push: true, pull: true });
    const readme = await octokit.rest.repos.getContent({ owner: "acme", repo: "shop", path: "README.md" });
    expect(Array.isArray(readme.data)).toBe(false);
    if (!Array.isArray(readme.data) && readme.data.type === "file") {
      expect(Buffer.from(readme.data.content, "base64").toString()).toBe("# shop\n");
    }
    const outsider = await emulator.octokitAs("mallory").rest.repos.get({ owner: "acme", repo: "shop" });
    expect(outsider.data.permissions).toMatchObject({ admin: false, push: false, pull: true });
  });

  it("refuses duplicates, bad names, strangers creating in someone's org, and anonymous callers", async () => {
    const olivia = emulator.octokitAs("olivia");
    expect(await failure(olivia.rest.repos.createInOrg({ org: "acme", name: "shop" }))).toMatchObject({
      status: 422,
      errors: [
        {
          resource: "Repository",
          field: "name",
          code: "custom",
          message: "name already exists on this account",
        },
      ],
    });
    expect((await failure(olivia.rest.repos.createInOrg({ org: "acme", name: "bad name" }))).status).toBe(
      422,
    );
    expect(
      (await failure(emulator.octokitAs("mallory").rest.repos.createInOrg({ org: "acme", name: "x" })))
        .status,
    ).toBe(403);
    const anonymous = await fetch(`${emulator.url}/repos/acme/shop`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ message: "Requires authentication" });
  });

  it("creates user repositories and hides private ones from non-collaborators", async () => {
    const bob = emulator.octokitAs("bob");
    const { data } = await bob.rest.repos.createForAuthenticatedUser({
      name: "secret",
      private: true,
      auto_init: true,
    });
    expect(data.owner).toMatchObject({ login: "bob", type: "User" });
    expect(
      (await failure(emulator.octokitAs("mallory").rest.repos.get({ owner: "bob", repo: "secret" }))).status,
    ).toBe(404);
    expect((await failure(bob.rest.repos.get({ owner: "bob", repo: "nope" }))).status).toBe(404);
  });
});

describe("contents", () => {
  it("creates, reads, updates files; sha is required to update and must match", async () => {
    const olivia = emulator.octokitAs("olivia");
    const created = await olivia.rest.repos.createOrUpdateFileContents({
      owner: "acme",
      repo: "shop",
      path: "k8s/web.yaml",
      message: "add web",
      content: base64("kind: Deployment\n"),
    });
    expect(created.status).toBe(201);
    const sha = created.data.content?.sha as string;
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    const missingSha = await failure(
      olivia.rest.repos.createOrUpdateFileContents({
        owner: "acme",
        repo: "shop",
        path: "k8s/web.yaml",
        message: "again",
        content: base64("x"),
      }),
    );
    expect(missingSha).toMatchObject({ status: 422, message: 'Invalid request.\n\n"sha" wasn\'t supplied.' });
    const wrongSha = await failure(
      olivia.rest.repos.createOrUpdateFileContents({
        owner: "acme",
        repo: "shop",
        path: "k8s/web.yaml",
        message: "again",
        content: base64("x"),
        sha: "0".repeat(40),
      }),
    );
    expect(wrongSha.status).toBe(409);
    const updated = await olivia.rest.repos.createOrUpdateFileContents({
      owner: "acme",
      repo: "shop",
      path: "k8s/web.yaml",
      message: "update web",
      content: base64("kind: Deployment\nreplicas: 3\n"),
      sha,
    });
    expect(updated.status).toBe(200);
    expect(updated.data.commit.message).toBe("update web");
    const raw = await olivia.rest.repos.getContent({
      owner: "acme",
      repo: "shop",
      path: "k8s/web.yaml",
      mediaType: { format: "raw" },
    });
    expect(raw.data as unknown as string).toBe("kind: Deployment\nreplicas: 3\n");
  });

  it("lists directories and reads at a ref; writes on a branch leave main alone", async () => {
    const olivia = emulator.octokitAs("olivia");
    const main = await olivia.rest.git.getRef({ owner: "acme", repo: "shop", ref: "heads/main" });
    await olivia.rest.git.createRef({
      owner: "acme",
      repo: "shop",
      ref: "refs/heads/feature",
      sha: main.data.object.sha,
    });
    await olivia.rest.repos.createOrUpdateFileContents({
      owner: "acme",
      repo: "shop",
      path: "k8s/db.yaml",
      message: "add db",
      content: base64("kind: StatefulSet\n"),
      branch: "feature",
    });
    const root = await olivia.rest.repos.getContent({ owner: "acme", repo: "shop", path: "" });
    expect((root.data as { name: string; type: string }[]).map((e) => [e.name, e.type])).toEqual([
      ["README.md", "file"],
      ["k8s", "dir"],
    ]);
    const onMain = await olivia.rest.repos.getContent({ owner: "acme", repo: "shop", path: "k8s" });
    expect((onMain.data as { path: string }[]).map((e) => e.path)).toEqual(["k8s/web.yaml"]);
    const onFeature = await olivia.rest.repos.getContent({
      owner: "acme",
      repo: "shop",
      path: "k8s",
      ref: "feature",
    });
    expect((onFeature.data as { path: string }[]).map((e) => e.path)).toEqual([
      "k8s/db.yaml",
      "k8s/web.yaml",
    ]);
    expect(
      (await failure(olivia.rest.repos.getContent({ owner: "acme", repo: "shop", path: "nope.txt" }))).status,
    ).toBe(404);
    const noBranch = await failure(
      olivia.rest.repos.createOrUpdateFileContents({
        owner: "acme",
        repo: "shop",
        path: "a.txt",
        message: "m",
        content: base64("a"),
        branch: "missing",
      }),
    );
    expect(noBranch).toMatchObject({ status: 404, message: "Branch missing not found" });
  });

  it("refuses writes from people without push access", async () => {
    const result = await failure(
      emulator.octokitAs("mallory").rest.repos.createOrUpdateFileContents({
        owner: "acme",
        repo: "shop",
        path: "evil.txt",
        message: "m",
        content: base64("x"),
      }),
    );
    expect(result.status).toBe(403);
    expect(result.message).toContain("Must have write access");
  });
});

describe("collaborators and teams", () => {
  it("adds collaborators at once with a role and reports their permission", async () => {
    const olivia = emulator.octokitAs("olivia");
    const roles = [
      ["rita", "pull", "read", "read"],
      ["tom", "triage", "read", "triage"],
      ["alice", "push", "write", "write"],
      ["max", "maintain", "write", "maintain"],
      ["ada", "admin", "admin", "admin"],
    ] as const;
    for (const [login, permission, legacy, role] of roles) {
      const put = await olivia.rest.repos.addCollaborator({
        owner: "acme",
        repo: "shop",
        username: login,
        permission,
      });
      expect(put.status).toBe(204);
      const { data } = await olivia.rest.repos.getCollaboratorPermissionLevel({
        owner: "acme",
        repo: "shop",
        username: login,
      });
      expect([data.permission, data.role_name]).toEqual([legacy, role]);
    }
    // GitHub answers "read" for anyone on a public repository, "none" on a private one.
    const outsider = await olivia.rest.repos.getCollaboratorPermissionLevel({
      owner: "acme",
      repo: "shop",
      username: "mallory",
    });
    expect(outsider.data.permission).toBe("read");
    const none = await emulator
      .octokitAs("bob")
      .rest.repos.getCollaboratorPermissionLevel({ owner: "bob", repo: "secret", username: "mallory" });
    expect([none.data.permission, none.data.role_name]).toEqual(["none", "none"]);
    const owner = await olivia.rest.repos.getCollaboratorPermissionLevel({
      owner: "acme",
      repo: "shop",
      username: "olivia",
    });
    expect(owner.data.permission).toBe("admin");
    const alice = emulator.octokitAs("alice");
    expect((await alice.rest.repos.get({ owner: "acme", repo: "shop" })).data.permissions?.push).toBe(true);
    expect(
      (await failure(alice.rest.repos.addCollaborator({ owner: "acme", repo: "shop", username: "eve" })))
        .status,
    ).toBe(403);
    expect(
      (
        await failure(
          olivia.rest.repos.addCollaborator({
            owner: "acme",
            repo: "shop",
            username: "eve",
            permission: "god" as "admin",
          }),
        )
      ).status,
    ).toBe(422);
  });

  it("records team memberships, active or pending (test hook), and 404s non-members", async () => {
    const olivia = emulator.octokitAs("olivia");
    const active = await olivia.rest.teams.addOrUpdateMembershipForUserInOrg({
      org: "acme",
      team_slug: "sre",
      username: "alice",
    });
    expect(active.data).toMatchObject({ state: "active", role: "member" });
    await olivia.request("PUT /orgs/{org}/teams/{team_slug}/memberships/{username}", {
      org: "acme",
      team_slug: "sre",
      username: "pete",
      role: "maintainer",
      state: "pending",
    });
    const app = emulator.octokitAs("anyone");
    const got = await app.rest.teams.getMembershipForUserInOrg({
      org: "acme",
      team_slug: "sre",
      username: "pete",
    });
    expect(got.data).toMatchObject({ state: "pending", role: "maintainer" });
    expect(
      (
        await failure(
          app.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "sre", username: "mallory" }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await failure(
          app.rest.teams.addOrUpdateMembershipForUserInOrg({ org: "acme", team_slug: "sre", username: "x" }),
        )
      ).status,
    ).toBe(403);
  });
});

describe("branches, commits, deletes and the app's client", () => {
  it("reads branches (slashes included) and commits by ref, deletes files with their sha", async () => {
    const olivia = emulator.octokitAs("olivia");
    const main = await olivia.rest.git.getRef({ owner: "acme", repo: "shop", ref: "heads/main" });
    await olivia.rest.git.createRef({
      owner: "acme",
      repo: "shop",
      ref: "refs/heads/skyflo/7-x",
      sha: main.data.object.sha,
    });
    const branch = await olivia.rest.repos.getBranch({ owner: "acme", repo: "shop", branch: "skyflo/7-x" });
    expect(branch.data.commit.sha).toBe(main.data.object.sha);
    const raw = await fetch(`${emulator.url}/repos/acme/shop/branches/skyflo/7-x`, {
      headers: { authorization: "token olivia" },
    });
    expect(raw.status).toBe(200);
    const commit = await olivia.rest.repos.getCommit({ owner: "acme", repo: "shop", ref: "skyflo/7-x" });
    expect(commit.data.sha).toBe(main.data.object.sha);
    const file = await olivia.rest.repos.getContent({
      owner: "acme",
      repo: "shop",
      path: "k8s/web.yaml",
      ref: "skyflo/7-x",
    });
    const sha = (file.data as { sha: string }).sha;
    const wrong = await failure(
      olivia.rest.repos.deleteFile({
        owner: "acme",
        repo: "shop",
        path: "k8s/web.yaml",
        message: "rm",
        sha: "1".repeat(40),
        branch: "skyflo/7-x",
      }),
    );
    expect(wrong.status).toBe(409);
    await olivia.rest.repos.deleteFile({
      owner: "acme",
      repo: "shop",
      path: "k8s/web.yaml",
      message: "rm",
      sha,
      branch: "skyflo/7-x",
    });
    const gone = await failure(
      olivia.rest.repos.getContent({ owner: "acme", repo: "shop", path: "k8s/web.yaml", ref: "skyflo/7-x" }),
    );
    expect(gone.status).toBe(404);
    expect(
      (await olivia.rest.repos.getContent({ owner: "acme", repo: "shop", path: "k8s/web.yaml" })).status,
    ).toBe(200);
  });

  it("octokitAsApp acts as the installation's bot; GET /user and /users/{u} describe people", async () => {
    const app = emulator.octokitAsApp("acme");
    const issue = await app.rest.issues.create({ owner: "acme", repo: "shop", title: "from the app" });
    expect(issue.data.user).toMatchObject({ login: "skyflo[bot]", type: "Bot" });
    expect((await emulator.octokitAs("olivia").rest.users.getAuthenticated()).data).toMatchObject({
      login: "olivia",
      type: "User",
    });
    expect(
      (await emulator.octokitAs("olivia").rest.users.getByUsername({ username: "acme" })).data.type,
    ).toBe("Organization");
    expect((await failure(app.rest.users.getAuthenticated())).status).toBe(403);
  });
});
