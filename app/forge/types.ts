// The forge-neutral interface the engine talks to. Only adapters (app/forge/github, later
// app/forge/gitlab) know Octokit or gitbeaker; the core sees these names only. GitHub-only
// notions (check runs, reviews) hide behind neutral ones (statuses, change requests).

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface Person {
  login: string;
  /** Bots (GitHub Apps, `*[bot]`) never request or approve. */
  isBot: boolean;
}

/** A repository permission as forges grade it, highest first. */
export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface FileChange {
  path: string;
  content: string;
}

export interface ChangeRequest {
  number: number;
  url: string;
  headBranch: string;
  headSha: string;
  baseBranch: string;
  baseSha: string;
  state: "open" | "closed" | "merged";
  body: string;
  author: string;
}

/** A comment anchored on lines of a file in a change request (GitHub: a review comment). */
export interface LineComment {
  path: string;
  /** Last line of the range (1-based, in the new file). */
  line: number;
  /** First line, for multi-line comments. */
  startLine?: number;
  body: string;
}

/** A review of a change request; only the forge's own states, never interpreted here (the gate does). */
export interface ChangeReview {
  id: number;
  login: string;
  isBot: boolean;
  state: "APPROVED" | "CHANGES_REQUESTED" | "DISMISSED" | "COMMENTED" | "PENDING";
  /** The commit the review was given at. */
  commitId: string;
  submittedAt: string;
}

/** How a change request's commits land on its base (GitHub's merge methods). */
export type MergeMethod = "merge" | "squash" | "rebase";

/** A status shown on a commit by name (GitHub: a check run of this app). */
export interface CommitCheck {
  name: string;
  headSha: string;
  status: "in_progress" | "completed";
  /** Required when status is "completed". */
  conclusion?: "success" | "failure" | "neutral" | "action_required";
  title: string;
  /** Markdown. */
  summary: string;
  /** More Markdown, below the summary. */
  text?: string;
}

export interface Forge {
  /**
   * Default branch and its head commit. `knownName` (e.g. from the webhook payload) saves asking
   * for the repository first; the head commit is always read fresh.
   */
  defaultBranch(repo: RepoRef, knownName?: string): Promise<{ name: string; sha: string }>;
  /** A file's text at a ref, or undefined when it does not exist. */
  readFile(repo: RepoRef, path: string, ref: string): Promise<string | undefined>;

  permission(repo: RepoRef, login: string): Promise<Permission>;
  /** Active (not pending) membership of `org/team`. */
  isTeamMember(org: string, team: string, login: string): Promise<boolean>;

  /** Acknowledge a comment at once (GitHub: the eyes reaction). */
  acknowledge(repo: RepoRef, commentId: number): Promise<void>;
  /** Posts a new comment on an issue or change request. */
  comment(repo: RepoRef, issueNumber: number, body: string): Promise<{ id: number; url: string }>;
  /**
   * Creates or updates in place the one comment on `issueNumber` that carries `marker`
   * (a hidden HTML comment), so progress appears in one place.
   */
  upsertComment(
    repo: RepoRef,
    issueNumber: number,
    marker: string,
    body: string,
  ): Promise<{ id: number; url: string }>;

  /** Creates `branch` from `baseSha` with one commit that writes `files` (or moves it to a new commit on replan). */
  commitFiles(
    repo: RepoRef,
    options: { branch: string; baseSha: string; parentSha?: string; message: string; files: FileChange[] },
  ): Promise<{ sha: string }>;
  openChangeRequest(
    repo: RepoRef,
    options: { head: string; base: string; title: string; body: string },
  ): Promise<ChangeRequest>;
  getChangeRequest(repo: RepoRef, number: number): Promise<ChangeRequest>;
  /** The open change request whose head is `branch` in this repository, if any. */
  findOpenChangeRequest(repo: RepoRef, branch: string): Promise<ChangeRequest | undefined>;
  updateChangeRequest(
    repo: RepoRef,
    number: number,
    options: { title?: string; body?: string },
  ): Promise<void>;
  /** One review with line comments, at `commitSha` (GitHub: a single createReview call). */
  reviewWithComments(
    repo: RepoRef,
    number: number,
    options: { commitSha: string; body: string; comments: LineComment[] },
  ): Promise<void>;

  /** Closes the change request without merging it. */
  closeChangeRequest(repo: RepoRef, number: number): Promise<void>;
  /** Closes an issue as completed. */
  closeIssue(repo: RepoRef, number: number): Promise<void>;
  /** Adds labels to an issue or change request (created on first use). */
  addLabels(repo: RepoRef, number: number, labels: string[]): Promise<void>;

  /**
   * Merges the change request only if its head is still `sha` (the forge refuses otherwise, so a
   * push that lands meanwhile is never merged unseen). Returns the commit the base branch now has.
   */
  mergeChangeRequest(
    repo: RepoRef,
    number: number,
    options: { method: MergeMethod; sha: string; title: string; message: string },
  ): Promise<{ sha: string }>;

  /** Every review of the change request, oldest first (all pages). */
  listReviews(repo: RepoRef, number: number): Promise<ChangeReview[]>;
  /** Paths the change request changes (all pages); a renamed file gives its old and its new path. */
  listChangedFiles(repo: RepoRef, number: number): Promise<string[]>;
  /** Creates this app's status `check.name` on `check.headSha`, or updates it in place when it exists. */
  setCheck(repo: RepoRef, check: CommitCheck): Promise<{ id: number; url: string }>;
  /**
   * This app's own status `name` on `sha` (never another app's or a person's), or undefined.
   * Only the app can write it, which makes it the place for facts people must not edit.
   */
  readCheck(
    repo: RepoRef,
    sha: string,
    name: string,
  ): Promise<{ title: string; summary: string; text: string } | undefined>;
}
