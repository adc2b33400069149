// JSON shapes of GitHub's REST resources, built from the state. Only the fields apps commonly read,
// with GitHub's names and types.

import type { Actor } from "./auth.ts";
import { accessOf, atLeast } from "./permissions.ts";
import type { CommitObject, TreeEntry } from "./state/git-store.ts";
import type {
  Account,
  CheckRun,
  Installation,
  Issue,
  IssueComment,
  Pull,
  Repo,
  Review,
  ReviewComment,
  World,
} from "./state/world.ts";

const nodeId = (kind: string, id: number) => Buffer.from(`${kind}:${id}`).toString("base64url");

export function accountShape(world: World, account: Account): Record<string, unknown> {
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type, account.id),
    type: account.type,
    site_admin: false,
    avatar_url: `${world.url}/avatars/${account.login}`,
    url: `${world.url}/users/${account.login}`,
    html_url: `${world.url}/${account.login}`,
  };
}

/** A user by login; the app's bot login is type Bot. */
export function userShape(world: World, login: string): Record<string, unknown> {
  const isBot = login.endsWith("[bot]");
  return accountShape(world, world.account(login, isBot ? "Bot" : "User"));
}

export function repoUrl(world: World, repo: Repo): string {
  return `${world.url}/repos/${repo.owner.login}/${repo.name}`;
}

export function repoHtmlUrl(world: World, repo: Repo): string {
  return `${world.url}/${repo.owner.login}/${repo.name}`;
}

export function repoShape(world: World, repo: Repo, caller?: Actor): Record<string, unknown> {
  const access = caller ? accessOf(world, repo, caller) : undefined;
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: `${repo.owner.login}/${repo.name}`,
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    owner: accountShape(world, repo.owner),
    description: repo.description,
    fork: false,
    html_url: repoHtmlUrl(world, repo),
    url: repoUrl(world, repo),
    default_branch: repo.defaultBranch,
    created_at: repo.createdAt,
    archived: false,
    disabled: false,
    ...(access && caller?.kind === "user"
      ? {
          permissions: {
            admin: atLeast(access, "admin"),
            maintain: atLeast(access, "maintain"),
            push: atLeast(access, "write"),
            triage: atLeast(access, "triage"),
            pull: atLeast(access, "read"),
          },
        }
      : {}),
  };
}

function authorAssociation(repo: Repo, login: string): string {
  const lower = login.toLowerCase();
  if (repo.owner.login.toLowerCase() === lower) return "OWNER";
  if (repo.owner.admins.has(lower)) return "MEMBER";
  if (repo.collaborators.has(lower)) return "COLLABORATOR";
  return "NONE";
}

export function issueShape(world: World, repo: Repo, issue: Issue): Record<string, unknown> {
  const base = repoUrl(world, repo);
  const html = `${repoHtmlUrl(world, repo)}/${issue.isPull ? "pull" : "issues"}/${issue.number}`;
  const comments = [...repo.comments.values()].filter((c) => c.issueNumber === issue.number).length;
  return {
    id: issue.id,
    node_id: nodeId(issue.isPull ? "PullRequestIssue" : "Issue", issue.id),
    number: issue.number,
    title: issue.title,
    body: issue.body,
    user: userShape(world, issue.user),
    state: issue.state,
    locked: false,
    labels: (issue.labels ?? []).map((name) => ({ name })),
    assignees: [],
    comments,
    url: `${base}/issues/${issue.number}`,
    html_url: html,
    comments_url: `${base}/issues/${issue.number}/comments`,
    repository_url: base,
    author_association: authorAssociation(repo, issue.user),
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    ...(issue.isPull
      ? { pull_request: { url: `${base}/pulls/${issue.number}`, html_url: html, merged_at: null } }
      : {}),
  };
}

export function reactionSummary(comment: IssueComment): Record<string, unknown> {
  const count = (content: string) => comment.reactions.filter((r) => r.content === content).length;
  return {
    total_count: comment.reactions.length,
    "+1": count("+1"),
    "-1": count("-1"),
    laugh: count("laugh"),
    confused: count("confused"),
    heart: count("heart"),
    hooray: count("hooray"),
    rocket: count("rocket"),
    eyes: count("eyes"),
  };
}

export function commentShape(world: World, repo: Repo, comment: IssueComment): Record<string, unknown> {
  const base = repoUrl(world, repo);
  const issue = repo.issues.get(comment.issueNumber);
  const issueHtml = `${repoHtmlUrl(world, repo)}/${issue?.isPull ? "pull" : "issues"}/${comment.issueNumber}`;
  return {
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    body: comment.body,
    user: userShape(world, comment.user),
    url: `${base}/issues/comments/${comment.id}`,
    html_url: `${issueHtml}#issuecomment-${comment.id}`,
    issue_url: `${base}/issues/${comment.issueNumber}`,
    author_association: authorAssociation(repo, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    reactions: reactionSummary(comment),
  };
}

function branchShape(world: World, repo: Repo, ref: string, sha: string): Record<string, unknown> {
  return {
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    user: accountShape(world, repo.owner),
    repo: repoShape(world, repo),
  };
}

export function pullShape(
  world: World,
  repo: Repo,
  pull: Pull,
  extra: { mergeable?: boolean | null; changedFiles?: number; commits?: number } = {},
): Record<string, unknown> {
  const issue = repo.issues.get(pull.number) as Issue;
  const base = repoUrl(world, repo);
  const baseSha = repo.refs.get(`refs/heads/${pull.baseRef}`) ?? "";
  return {
    id: pull.id,
    node_id: nodeId("PullRequest", pull.id),
    number: pull.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    body: issue.body,
    user: userShape(world, issue.user),
    draft: pull.draft,
    head: branchShape(world, repo, pull.headRef, pull.headSha),
    base: branchShape(world, repo, pull.baseRef, baseSha),
    merged: pull.merged,
    merged_at: pull.mergedAt,
    merged_by: pull.mergedBy ? userShape(world, pull.mergedBy) : null,
    merge_commit_sha: pull.mergeCommitSha,
    mergeable: extra.mergeable ?? null,
    mergeable_state: extra.mergeable === undefined ? "unknown" : extra.mergeable ? "clean" : "dirty",
    ...(extra.commits !== undefined ? { commits: extra.commits } : {}),
    ...(extra.changedFiles !== undefined ? { changed_files: extra.changedFiles } : {}),
    author_association: authorAssociation(repo, issue.user),
    url: `${base}/pulls/${pull.number}`,
    html_url: `${repoHtmlUrl(world, repo)}/pull/${pull.number}`,
    issue_url: `${base}/issues/${pull.number}`,
    comments_url: `${base}/issues/${pull.number}/comments`,
    review_comments_url: `${base}/pulls/${pull.number}/comments`,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    labels: (issue.labels ?? []).map((name) => ({ name })),
    requested_reviewers: [],
  };
}

export function reviewShape(world: World, repo: Repo, review: Review): Record<string, unknown> {
  const html = `${repoHtmlUrl(world, repo)}/pull/${review.pullNumber}`;
  return {
    id: review.id,
    node_id: nodeId("PullRequestReview", review.id),
    user: userShape(world, review.user),
    body: review.body,
    state: review.state,
    commit_id: review.commitId,
    submitted_at: review.submittedAt ?? undefined,
    html_url: `${html}#pullrequestreview-${review.id}`,
    pull_request_url: `${repoUrl(world, repo)}/pulls/${review.pullNumber}`,
    author_association: authorAssociation(repo, review.user),
  };
}

export function reviewCommentShape(
  world: World,
  repo: Repo,
  comment: ReviewComment,
): Record<string, unknown> {
  const html = `${repoHtmlUrl(world, repo)}/pull/${comment.pullNumber}`;
  return {
    id: comment.id,
    node_id: nodeId("PullRequestReviewComment", comment.id),
    pull_request_review_id: comment.reviewId,
    path: comment.path,
    line: comment.line,
    original_line: comment.line,
    start_line: comment.startLine,
    original_start_line: comment.startLine,
    side: comment.side,
    start_side: comment.startSide,
    commit_id: comment.commitId,
    original_commit_id: comment.commitId,
    diff_hunk: comment.diffHunk,
    body: comment.body,
    user: userShape(world, comment.user),
    url: `${repoUrl(world, repo)}/pulls/comments/${comment.id}`,
    html_url: `${html}#discussion_r${comment.id}`,
    pull_request_url: `${repoUrl(world, repo)}/pulls/${comment.pullNumber}`,
    author_association: authorAssociation(repo, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    subject_type: "line",
  };
}

export function appShape(world: World): Record<string, unknown> {
  return {
    id: world.appId,
    slug: world.appSlug,
    node_id: nodeId("App", world.appId),
    name: world.appSlug,
    owner: accountShape(world, world.account(`${world.appSlug}-owner`)),
    description: "GitHub App served by the GitHub API emulator",
    external_url: world.url,
    html_url: `${world.url}/apps/${world.appSlug}`,
    permissions: appPermissions,
    events: ["issue_comment", "pull_request", "pull_request_review", "check_run", "issues"],
    installations_count: world.allInstallations().length,
  };
}

export const appPermissions = {
  checks: "write",
  contents: "write",
  issues: "write",
  members: "read",
  metadata: "read",
  pull_requests: "write",
};

export function checkRunShape(world: World, repo: Repo, run: CheckRun): Record<string, unknown> {
  return {
    id: run.id,
    node_id: nodeId("CheckRun", run.id),
    name: run.name,
    head_sha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: { ...run.output, annotations_count: 0 },
    details_url: run.detailsUrl,
    external_id: run.externalId,
    url: `${repoUrl(world, repo)}/check-runs/${run.id}`,
    html_url: `${repoHtmlUrl(world, repo)}/runs/${run.id}`,
    app: appShape(world),
    pull_requests: [...repo.pulls.values()]
      .filter((p) => p.headSha === run.headSha && repo.issues.get(p.number)?.state === "open")
      .map((p) => ({ id: p.id, number: p.number, url: `${repoUrl(world, repo)}/pulls/${p.number}` })),
  };
}

export function installationShape(world: World, installation: Installation): Record<string, unknown> {
  return {
    id: installation.id,
    account: accountShape(world, installation.account),
    app_id: world.appId,
    app_slug: world.appSlug,
    target_id: installation.account.id,
    target_type: installation.account.type === "Organization" ? "Organization" : "User",
    repository_selection: "all",
    permissions: appPermissions,
    events: ["issue_comment", "pull_request", "pull_request_review", "check_run", "issues"],
    access_tokens_url: `${world.url}/app/installations/${installation.id}/access_tokens`,
    html_url: `${world.url}/settings/installations/${installation.id}`,
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    suspended_at: null,
  };
}

export function commitShape(world: World, repo: Repo, commit: CommitObject): Record<string, unknown> {
  const base = repoUrl(world, repo);
  return {
    sha: commit.sha,
    node_id: nodeId("Commit", Number.parseInt(commit.sha.slice(0, 8), 16)),
    url: `${base}/git/commits/${commit.sha}`,
    html_url: `${repoHtmlUrl(world, repo)}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    message: commit.message,
    tree: { sha: commit.tree, url: `${base}/git/trees/${commit.tree}` },
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${base}/git/commits/${sha}`,
      html_url: `${repoHtmlUrl(world, repo)}/commit/${sha}`,
    })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null },
  };
}

export function treeEntryShape(
  world: World,
  repo: Repo,
  entry: TreeEntry & { path?: string },
): Record<string, unknown> {
  const object = repo.git.get(entry.sha);
  return {
    path: entry.path ?? entry.name,
    mode: entry.mode,
    type: entry.type,
    sha: entry.sha,
    ...(object?.type === "blob" ? { size: object.content.length } : {}),
    url: `${repoUrl(world, repo)}/git/${entry.type === "tree" ? "trees" : "blobs"}/${entry.sha}`,
  };
}
