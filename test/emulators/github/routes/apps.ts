// App authentication: the app (JWT) lists installations and mints installation tokens; users and
// installations look themselves up.
import { issueInstallationToken } from "../auth.ts";
import type { Handler, RequestContext } from "../context.ts";
import { forbidden, notFound, unauthorized } from "../errors.ts";
import { requireCaller } from "../permissions.ts";
import type { Router } from "../router.ts";
import { accountShape, appPermissions, appShape, installationShape, repoShape } from "../shapes.ts";
import { numberParam, paginate } from "../validate.ts";

function requireAppJwt(c: RequestContext): void {
  if (c.actor.kind !== "app") {
    throw unauthorized(
      "A JSON web token could not be decoded: this endpoint needs the app's JWT (Authorization: Bearer <RS256 JWT with iss = app id>)",
    );
  }
}

const getApp: Handler = (c) => {
  requireAppJwt(c);
  return { status: 200, body: appShape(c.world) };
};

const listInstallations: Handler = (c) => {
  requireAppJwt(c);
  return paginate(
    c,
    c.world.allInstallations().map((i) => installationShape(c.world, i)),
  );
};

const getInstallation: Handler = (c) => {
  requireAppJwt(c);
  const installation = c.world.installationById(numberParam(c, "id"));
  if (!installation) throw notFound();
  return { status: 200, body: installationShape(c.world, installation) };
};

const createAccessToken: Handler = (c) => {
  requireAppJwt(c);
  const installation = c.world.installationById(numberParam(c, "id"));
  if (!installation) throw notFound();
  const { token, expiresAt } = issueInstallationToken(c.world, installation.id);
  return {
    status: 201,
    body: { token, expires_at: expiresAt, permissions: appPermissions, repository_selection: "all" },
  };
};

const repoInstallation: Handler = (c) => {
  requireAppJwt(c);
  const repo = c.world.repo(c.params.owner ?? "", c.params.repo ?? "");
  const installation = repo && c.world.installationFor(repo.owner.login);
  if (!installation) throw notFound();
  return { status: 200, body: installationShape(c.world, installation) };
};

const accountInstallation: Handler = (c) => {
  requireAppJwt(c);
  const installation = c.world.installationFor(c.params.account ?? "");
  if (!installation) throw notFound();
  return { status: 200, body: installationShape(c.world, installation) };
};

const installationRepositories: Handler = (c) => {
  requireCaller(c);
  if (c.actor.kind !== "installation") {
    throw unauthorized("This endpoint needs an installation token (Authorization: token ghs_…)");
  }
  const installation = c.world.installationById(c.actor.installationId);
  const repos = c.world.allRepos().filter((r) => r.owner === installation?.account);
  return paginate(
    c,
    repos.map((r) => repoShape(c.world, r)),
    (page) => ({ total_count: repos.length, repository_selection: "all", repositories: page }),
  );
};

const authenticatedUser: Handler = (c) => {
  const actor = requireCaller(c);
  if (actor.kind !== "user") throw forbidden("Resource not accessible by integration");
  return { status: 200, body: accountShape(c.world, c.world.account(actor.login)) };
};

const getUser: Handler = (c) => {
  requireCaller(c);
  const login = c.params.username ?? "";
  return {
    status: 200,
    body: accountShape(c.world, c.world.account(login, login.endsWith("[bot]") ? "Bot" : "User")),
  };
};

export function registerAppRoutes(router: Router<Handler>): void {
  router
    .add("GET", "/app", getApp)
    .add("GET", "/app/installations", listInstallations)
    .add("GET", "/app/installations/:id", getInstallation)
    .add("POST", "/app/installations/:id/access_tokens", createAccessToken)
    .add("GET", "/repos/:owner/:repo/installation", repoInstallation)
    .add("GET", "/orgs/:account/installation", accountInstallation)
    .add("GET", "/users/:account/installation", accountInstallation)
    .add("GET", "/installation/repositories", installationRepositories)
    .add("GET", "/user", authenticatedUser)
    .add("GET", "/users/:username", getUser);
}
