// Issues, issue comments (also on pull requests, which are issues too) and reactions.
import type { Handler, RequestContext } from "../context.ts";
import { notFound, validationFailed } from "../errors.ts";
import { callerLogin, requireRepo } from "../permissions.ts";
import type { Router } from "../router.ts";
import { commentShape, issueShape, userShape } from "../shapes.ts";
import { type Issue, type IssueComment, now, type Repo } from "../state/world.ts";
import { numberParam, oneOf, optionalString, paginate, requiredString } from "../validate.ts";

const maxBody = 65_536; // GitHub's limit for issue, PR and comment bodies

function checkBody(body: string | undefined, resource: string): void {
  if (body !== undefined && body.length > maxBody) {
    throw validationFailed({
      resource,
      field: "body",
      code: "custom",
      message: `body is too long (maximum is ${maxBody} characters)`,
    });
  }
}

export function findIssue(repo: Repo, number: number): Issue {
  const issue = repo.issues.get(number);
  if (!issue) throw notFound();
  return issue;
}

function emitIssue(c: RequestContext, repo: Repo, issue: Issue, action: string, sender: string): void {
  if (issue.isPull) return; // PRs announce themselves with pull_request events
  c.emit({ repo, event: "issues", action, sender, payload: { issue: issueShape(c.world, repo, issue) } });
}

const createIssue: Handler = (c) => {
  const repo = requireRepo(c);
  const login = callerLogin(c);
  const title = requiredString(c.body, "title", "Issue");
  const body = optionalString(c.body, "body", "Issue") ?? null;
  checkBody(body ?? undefined, "Issue");
  const at = now();
  const issue: Issue = {
    number: repo.nextNumber++,
    id: c.world.nextId(),
    title,
    body,
    user: login,
    state: "open",
    createdAt: at,
    updatedAt: at,
    closedAt: null,
    isPull: false,
  };
  repo.issues.set(issue.number, issue);
  emitIssue(c, repo, issue, "opened", login);
  return { status: 201, body: issueShape(c.world, repo, issue) };
};

const getIssue: Handler = (c) => {
  const repo = requireRepo(c);
  return { status: 200, body: issueShape(c.world, repo, findIssue(repo, numberParam(c, "number"))) };
};

const listIssues: Handler = (c) => {
  const repo = requireRepo(c);
  const state = c.query.get("state") ?? "open";
  const issues = [...repo.issues.values()]
    .filter((i) => state === "all" || i.state === state)
    .sort((a, b) => b.number - a.number)
    .map((i) => issueShape(c.world, repo, i));
  return paginate(c, issues);
};

const updateIssue: Handler = (c) => {
  const repo = requireRepo(c);
  const login = callerLogin(c);
  const issue = findIssue(repo, numberParam(c, "number"));
  if (issue.user.toLowerCase() !== login.toLowerCase()) requireRepo(c, "triage");
  const title = optionalString(c.body, "title", "Issue");
  const body = optionalString(c.body, "body", "Issue");
  checkBody(body, "Issue");
  const state = oneOf(optionalString(c.body, "state", "Issue"), ["open", "closed"], "Issue", "state");
  if (title !== undefined) issue.title = title;
  if (body !== undefined) issue.body = body;
  const was = issue.state;
  if (state) {
    issue.state = state;
    issue.closedAt = state === "closed" ? (issue.closedAt ?? now()) : null;
  }
  issue.updatedAt = now();
  if (state && state !== was) emitIssue(c, repo, issue, state === "closed" ? "closed" : "reopened", login);
  return { status: 200, body: issueShape(c.world, repo, issue) };
};

/** POST /issues/:number/labels: adds names (no duplicates); answers with all labels. */
const addLabels: Handler = (c) => {
  const repo = requireRepo(c, "triage");
  const issue = findIssue(repo, numberParam(c, "number"));
  const labels = (c.body as { labels?: unknown } | undefined)?.labels;
  if (
    !Array.isArray(labels) ||
    labels.some((l) => typeof l !== "string" || l.trim() === "" || l.length > 50)
  ) {
    throw validationFailed({
      resource: "Label",
      field: "labels",
      code: "invalid",
      message: "labels must be an array of names of 1 to 50 characters",
    });
  }
  issue.labels = [...new Set([...(issue.labels ?? []), ...(labels as string[])])];
  issue.updatedAt = now();
  return { status: 200, body: issue.labels.map((name) => ({ name })) };
};

function findComment(repo: Repo, id: number): IssueComment {
  const comment = repo.comments.get(id);
  if (!comment) throw notFound();
  return comment;
}

function emitComment(
  c: RequestContext,
  repo: Repo,
  comment: IssueComment,
  action: string,
  sender: string,
  changes?: Record<string, unknown>,
): void {
  const issue = findIssue(repo, comment.issueNumber);
  c.emit({
    repo,
    event: "issue_comment",
    action,
    sender,
    payload: {
      ...(changes ? { changes } : {}),
      issue: issueShape(c.world, repo, issue),
      comment: commentShape(c.world, repo, comment),
    },
  });
}

const createComment: Handler = (c) => {
  const repo = requireRepo(c);
  const login = callerLogin(c);
  const issue = findIssue(repo, numberParam(c, "number"));
  const body = requiredString(c.body, "body", "IssueComment");
  checkBody(body, "IssueComment");
  const at = now();
  const comment: IssueComment = {
    id: c.world.nextId(),
    issueNumber: issue.number,
    body,
    user: login,
    createdAt: at,
    updatedAt: at,
    reactions: [],
  };
  repo.comments.set(comment.id, comment);
  issue.updatedAt = at;
  emitComment(c, repo, comment, "created", login);
  return { status: 201, body: commentShape(c.world, repo, comment) };
};

const listComments: Handler = (c) => {
  const repo = requireRepo(c);
  const issue = findIssue(repo, numberParam(c, "number"));
  const comments = [...repo.comments.values()]
    .filter((comment) => comment.issueNumber === issue.number)
    .sort((a, b) => a.id - b.id)
    .map((comment) => commentShape(c.world, repo, comment));
  return paginate(c, comments);
};

const getComment: Handler = (c) => {
  const repo = requireRepo(c);
  return { status: 200, body: commentShape(c.world, repo, findComment(repo, numberParam(c, "id"))) };
};

const updateComment: Handler = (c) => {
  const repo = requireRepo(c);
  const login = callerLogin(c);
  const comment = findComment(repo, numberParam(c, "id"));
  if (comment.user.toLowerCase() !== login.toLowerCase()) requireRepo(c, "triage");
  const body = requiredString(c.body, "body", "IssueComment");
  checkBody(body, "IssueComment");
  const from = comment.body;
  comment.body = body;
  comment.updatedAt = now();
  emitComment(c, repo, comment, "edited", login, { body: { from } });
  return { status: 200, body: commentShape(c.world, repo, comment) };
};

const deleteComment: Handler = (c) => {
  const repo = requireRepo(c);
  const login = callerLogin(c);
  const comment = findComment(repo, numberParam(c, "id"));
  if (comment.user.toLowerCase() !== login.toLowerCase()) requireRepo(c, "triage");
  repo.comments.delete(comment.id);
  emitComment(c, repo, comment, "deleted", login);
  return { status: 204 };
};

const reactionContents = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"] as const;

function reactionShape(c: RequestContext, reaction: IssueComment["reactions"][number]) {
  return {
    id: reaction.id,
    node_id: Buffer.from(`Reaction:${reaction.id}`).toString("base64url"),
    user: userShape(c.world, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

const createReaction: Handler = (c) => {
  const repo = requireRepo(c);
  const login = callerLogin(c);
  const comment = findComment(repo, numberParam(c, "id"));
  const content = oneOf(
    requiredString(c.body, "content", "Reaction"),
    reactionContents,
    "Reaction",
    "content",
  );
  const existing = comment.reactions.find(
    (r) => r.user.toLowerCase() === login.toLowerCase() && r.content === content,
  );
  if (existing) return { status: 200, body: reactionShape(c, existing) };
  const reaction = { id: c.world.nextId(), user: login, content: content as string, createdAt: now() };
  comment.reactions.push(reaction);
  return { status: 201, body: reactionShape(c, reaction) };
};

const listReactions: Handler = (c) => {
  const repo = requireRepo(c);
  const comment = findComment(repo, numberParam(c, "id"));
  const content = c.query.get("content");
  return paginate(
    c,
    comment.reactions.filter((r) => !content || r.content === content).map((r) => reactionShape(c, r)),
  );
};

export function registerIssueRoutes(router: Router<Handler>): void {
  router
    .add("POST", "/repos/:owner/:repo/issues", createIssue)
    .add("GET", "/repos/:owner/:repo/issues", listIssues)
    .add("GET", "/repos/:owner/:repo/issues/comments/:id", getComment)
    .add("PATCH", "/repos/:owner/:repo/issues/comments/:id", updateComment)
    .add("DELETE", "/repos/:owner/:repo/issues/comments/:id", deleteComment)
    .add("POST", "/repos/:owner/:repo/issues/comments/:id/reactions", createReaction)
    .add("GET", "/repos/:owner/:repo/issues/comments/:id/reactions", listReactions)
    .add("GET", "/repos/:owner/:repo/issues/:number", getIssue)
    .add("PATCH", "/repos/:owner/:repo/issues/:number", updateIssue)
    .add("POST", "/repos/:owner/:repo/issues/:number/comments", createComment)
    .add("POST", "/repos/:owner/:repo/issues/:number/labels", addLabels)
    .add("GET", "/repos/:owner/:repo/issues/:number/comments", listComments);
}
