// The GitHub adapter of the Forge interface, over an installation-authenticated Octokit (Probot's
// context.octokit). The only module that speaks GitHub's REST API for the engine.
import type { ProbotOctokit } from "probot";
import { ForgeError } from "../errors.ts";
import type {
  ChangeRequest,
  ChangeReview,
  CommitCheck,
  FileChange,
  Forge,
  LineComment,
  MergeMethod,
  Permission,
  RepoRef,
} from "../types.ts";
import { isNotFound, toForgeError } from "./request-errors.ts";

export type GitHubClient = ProbotOctokit;

export interface GitHubForgeOptions {
  /**
   * The app's bot login (`<slug>[bot]`). When set, upsertComment only adopts comments by that
   * login; otherwise by any bot, so a person who pastes the marker cannot capture the comment.
   */
  botLogin?: string;
  /** Files larger than this are refused by readFile (default 10 MiB). */
  maxFileBytes?: number;
}

const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
const TREE_CACHE_SIZE = 1000;
const REVIEW_STATES: readonly ChangeReview["state"][] = [
  "APPROVED",
  "CHANGES_REQUESTED",
  "DISMISSED",
  "COMMENTED",
  "PENDING",
];
const PERMISSIONS: readonly Permission[] = ["admin", "maintain", "write", "triage", "read", "none"];

interface PullLike {
  number: number;
  html_url: string;
  state: string;
  merged?: boolean | null;
  merged_at?: string | null;
  body?: string | null;
  user?: { login: string } | null;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
}

export class GitHubForge implements Forge {
  readonly #octokit: GitHubClient;
  readonly #botLogin: string | undefined;
  readonly #maxFileBytes: number;
  /** Commit → its tree. Commits never change, so this saves a request per commitFiles and is never stale. */
  readonly #treeOf = new Map<string, string>();

  constructor(octokit: GitHubClient, options: GitHubForgeOptions = {}) {
    this.#octokit = octokit;
    this.#botLogin = options.botLogin;
    this.#maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  async defaultBranch(repo: RepoRef, knownName?: string): Promise<{ name: string; sha: string }> {
    const name =
      knownName ??
      (await this.#call(`read the repository ${slug(repo)}`, async () => {
        const { data } = await this.#octokit.rest.repos.get({ ...repo });
        return data.default_branch;
      }));
    return this.#call(`read the branch ${name} of ${slug(repo)}`, async () => {
      const { data } = await this.#octokit.rest.repos.getBranch({ ...repo, branch: name });
      this.#rememberTree(data.commit.sha, data.commit.commit.tree.sha);
      return { name, sha: data.commit.sha };
    });
  }

  async readFile(repo: RepoRef, path: string, ref: string): Promise<string | undefined> {
    const action = `read ${path} at ${ref} in ${slug(repo)}`;
    const data = await this.#call(action, async () => {
      try {
        return (await this.#octokit.rest.repos.getContent({ ...repo, path, ref })).data;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    });
    if (data === undefined) return undefined;
    if (Array.isArray(data)) {
      throw new ForgeError(`Cannot read ${path} at ${ref} in ${slug(repo)}: it is a directory, not a file.`);
    }
    if (data.type !== "file") {
      throw new ForgeError(
        `Cannot read ${path} at ${ref} in ${slug(repo)}: it is a ${data.type}, not a file.`,
      );
    }
    if (data.size > this.#maxFileBytes) {
      throw new ForgeError(
        `Cannot read ${path} at ${ref} in ${slug(repo)}: it is ${data.size} bytes, more than the ${this.#maxFileBytes} bytes Skyflo reads.`,
      );
    }
    // The contents API leaves `content` empty for files of 1 MB and more; the blob API has them.
    if ("encoding" in data && data.encoding === "base64") {
      return Buffer.from(data.content, "base64").toString("utf8");
    }
    const blob = await this.#call(action, async () => {
      const response = await this.#octokit.rest.git.getBlob({ ...repo, file_sha: data.sha });
      return response.data;
    });
    return Buffer.from(blob.content, blob.encoding === "base64" ? "base64" : "utf8").toString("utf8");
  }

  async permission(repo: RepoRef, login: string): Promise<Permission> {
    return this.#call(`read ${login}'s permission on ${slug(repo)}`, async () => {
      try {
        const { data } = await this.#octokit.rest.repos.getCollaboratorPermissionLevel({
          ...repo,
          username: login,
        });
        // role_name has maintain/triage; `permission` folds them into write/read. Custom roles
        // have their own role_name, so fall back to the folded permission for those.
        const role = (data as { role_name?: string }).role_name;
        if (role && (PERMISSIONS as readonly string[]).includes(role)) return role as Permission;
        return (PERMISSIONS as readonly string[]).includes(data.permission)
          ? (data.permission as Permission)
          : "none";
      } catch (error) {
        if (isNotFound(error)) return "none";
        throw error;
      }
    });
  }

  async isTeamMember(org: string, team: string, login: string): Promise<boolean> {
    return this.#call(`read ${login}'s membership of the team ${org}/${team}`, async () => {
      try {
        const { data } = await this.#octokit.rest.teams.getMembershipForUserInOrg({
          org,
          team_slug: team,
          username: login,
        });
        return data.state === "active";
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    });
  }

  async acknowledge(repo: RepoRef, commentId: number): Promise<void> {
    await this.#call(`react to comment ${commentId} in ${slug(repo)}`, () =>
      this.#octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content: "eyes" }),
    );
  }

  async comment(repo: RepoRef, issueNumber: number, body: string): Promise<{ id: number; url: string }> {
    return this.#call(`comment on #${issueNumber} in ${slug(repo)}`, async () => {
      const { data } = await this.#octokit.rest.issues.createComment({
        ...repo,
        issue_number: issueNumber,
        body,
      });
      return { id: data.id, url: data.html_url };
    });
  }

  async upsertComment(
    repo: RepoRef,
    issueNumber: number,
    marker: string,
    body: string,
  ): Promise<{ id: number; url: string }> {
    if (!body.includes(marker)) {
      throw new ForgeError(
        `Cannot upsert a comment on #${issueNumber} in ${slug(repo)}: the body does not contain its marker, so it could not be found again.`,
      );
    }
    const existing = await this.#call(`list the comments on #${issueNumber} in ${slug(repo)}`, async () => {
      const pages = this.#octokit.paginate.iterator(this.#octokit.rest.issues.listComments, {
        ...repo,
        issue_number: issueNumber,
        per_page: 100,
      });
      for await (const page of pages) {
        const found = page.data.find((c) => c.body?.includes(marker) && this.#isOwnComment(c.user));
        if (found) return found;
      }
      return undefined;
    });
    if (!existing) return this.comment(repo, issueNumber, body);
    if (existing.body === body) return { id: existing.id, url: existing.html_url };
    return this.#call(`update comment ${existing.id} on #${issueNumber} in ${slug(repo)}`, async () => {
      const { data } = await this.#octokit.rest.issues.updateComment({
        ...repo,
        comment_id: existing.id,
        body,
      });
      return { id: data.id, url: data.html_url };
    });
  }

  async commitFiles(
    repo: RepoRef,
    options: { branch: string; baseSha: string; parentSha?: string; message: string; files: FileChange[] },
  ): Promise<{ sha: string }> {
    const { branch, message, files } = options;
    if (files.length === 0) {
      throw new ForgeError(`Cannot commit to ${branch} in ${slug(repo)}: there are no files to commit.`);
    }
    const parent = options.parentSha ?? options.baseSha;
    const where = `branch ${branch} in ${slug(repo)}`;
    const baseTree =
      this.#treeOf.get(parent) ??
      (await this.#call(`read commit ${parent} for the ${where}`, async () => {
        const { data } = await this.#octokit.rest.git.getCommit({ ...repo, commit_sha: parent });
        return data.tree.sha;
      }));
    // Inline content in the tree: one request for all files instead of one blob per file.
    const tree = await this.#call(`write the files for the ${where}`, async () => {
      const { data } = await this.#octokit.rest.git.createTree({
        ...repo,
        base_tree: baseTree,
        tree: files.map((file) => ({ path: file.path, mode: "100644", type: "blob", content: file.content })),
      });
      return data.sha;
    });
    const commit = await this.#call(`create the commit for the ${where}`, async () => {
      const { data } = await this.#octokit.rest.git.createCommit({
        ...repo,
        message,
        tree,
        parents: [parent],
      });
      this.#rememberTree(data.sha, tree);
      return data.sha;
    });
    if (options.parentSha === undefined) {
      await this.#call(`create the ${where}`, () =>
        this.#octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit }),
      );
    } else {
      await this.#call(`move the ${where}`, () =>
        this.#octokit.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: commit, force: true }),
      );
    }
    return { sha: commit };
  }

  async openChangeRequest(
    repo: RepoRef,
    options: { head: string; base: string; title: string; body: string },
  ): Promise<ChangeRequest> {
    return this.#call(
      `open a pull request from ${options.head} to ${options.base} in ${slug(repo)}`,
      async () => {
        const { data } = await this.#octokit.rest.pulls.create({ ...repo, ...options });
        return toChangeRequest(data);
      },
    );
  }

  async findOpenChangeRequest(repo: RepoRef, branch: string): Promise<ChangeRequest | undefined> {
    return this.#call(`look for an open pull request from ${branch} in ${slug(repo)}`, async () => {
      const { data } = await this.#octokit.rest.pulls.list({
        ...repo,
        state: "open",
        head: `${repo.owner}:${branch}`,
        per_page: 1,
      });
      const first = data[0];
      return first ? toChangeRequest(first) : undefined;
    });
  }

  async getChangeRequest(repo: RepoRef, number: number): Promise<ChangeRequest> {
    return this.#call(`read pull request #${number} in ${slug(repo)}`, async () => {
      const { data } = await this.#octokit.rest.pulls.get({ ...repo, pull_number: number });
      return toChangeRequest(data);
    });
  }

  async updateChangeRequest(
    repo: RepoRef,
    number: number,
    options: { title?: string; body?: string },
  ): Promise<void> {
    const changes = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    if (Object.keys(changes).length === 0) return;
    await this.#call(`update pull request #${number} in ${slug(repo)}`, () =>
      this.#octokit.rest.pulls.update({ ...repo, pull_number: number, ...changes }),
    );
  }

  async closeChangeRequest(repo: RepoRef, number: number): Promise<void> {
    await this.#call(`close pull request #${number} in ${slug(repo)}`, () =>
      this.#octokit.rest.pulls.update({ ...repo, pull_number: number, state: "closed" }),
    );
  }

  async closeIssue(repo: RepoRef, number: number): Promise<void> {
    await this.#call(`close issue #${number} in ${slug(repo)}`, () =>
      this.#octokit.rest.issues.update({
        ...repo,
        issue_number: number,
        state: "closed",
        state_reason: "completed",
      }),
    );
  }

  async addLabels(repo: RepoRef, number: number, labels: string[]): Promise<void> {
    await this.#call(`label #${number} in ${slug(repo)}`, () =>
      this.#octokit.rest.issues.addLabels({ ...repo, issue_number: number, labels }),
    );
  }

  async mergeChangeRequest(
    repo: RepoRef,
    number: number,
    options: { method: MergeMethod; sha: string; title: string; message: string },
  ): Promise<{ sha: string }> {
    return this.#call(`merge pull request #${number} in ${slug(repo)}`, async () => {
      const { data } = await this.#octokit.rest.pulls.merge({
        ...repo,
        pull_number: number,
        merge_method: options.method,
        sha: options.sha,
        commit_title: options.title,
        commit_message: options.message,
      });
      return { sha: data.sha };
    });
  }

  async reviewWithComments(
    repo: RepoRef,
    number: number,
    options: { commitSha: string; body: string; comments: LineComment[] },
  ): Promise<void> {
    await this.#call(`review pull request #${number} in ${slug(repo)}`, () =>
      this.#octokit.rest.pulls.createReview({
        ...repo,
        pull_number: number,
        commit_id: options.commitSha,
        event: "COMMENT",
        body: options.body,
        comments: options.comments.map(toReviewComment),
      }),
    );
  }

  async listReviews(repo: RepoRef, number: number): Promise<ChangeReview[]> {
    return this.#call(`list the reviews of pull request #${number} in ${slug(repo)}`, async () => {
      const reviews = await this.#octokit.paginate(this.#octokit.rest.pulls.listReviews, {
        ...repo,
        pull_number: number,
        per_page: 100,
      });
      return reviews.map((review) => {
        const state = review.state.toUpperCase() as ChangeReview["state"];
        if (!REVIEW_STATES.includes(state)) {
          throw new ForgeError(
            `GitHub returned review ${review.id} of pull request #${number} in ${slug(repo)} in the unknown state "${review.state}"; Skyflo cannot judge it.`,
          );
        }
        return {
          id: review.id,
          login: review.user?.login ?? "",
          isBot: review.user?.type === "Bot" || (review.user?.login ?? "").endsWith("[bot]"),
          state,
          commitId: review.commit_id ?? "",
          submittedAt: review.submitted_at ?? "",
        };
      });
    });
  }

  async listChangedFiles(repo: RepoRef, number: number): Promise<string[]> {
    return this.#call(`list the files of pull request #${number} in ${slug(repo)}`, async () => {
      const files = await this.#octokit.paginate(this.#octokit.rest.pulls.listFiles, {
        ...repo,
        pull_number: number,
        per_page: 100,
      });
      // A rename changes two paths: the owners of the old one must agree too.
      return files.flatMap((file) =>
        file.previous_filename ? [file.previous_filename, file.filename] : [file.filename],
      );
    });
  }

  async setCheck(repo: RepoRef, check: CommitCheck): Promise<{ id: number; url: string }> {
    if (check.status === "completed" && check.conclusion === undefined) {
      throw new ForgeError(
        `Cannot complete the check ${check.name} on ${check.headSha} in ${slug(repo)} without a conclusion.`,
      );
    }
    const where = `the check ${check.name} on ${check.headSha.slice(0, 7)} in ${slug(repo)}`;
    const existing = await this.#ownCheckRun(repo, check.headSha, check.name);
    const fields = {
      status: check.status,
      ...(check.conclusion !== undefined ? { conclusion: check.conclusion } : {}),
      output: {
        title: check.title,
        summary: check.summary,
        ...(check.text !== undefined ? { text: check.text } : {}),
      },
    };
    if (existing) {
      return this.#call(`update ${where}`, async () => {
        const { data } = await this.#octokit.rest.checks.update({
          ...repo,
          check_run_id: existing.id,
          ...fields,
        });
        return { id: data.id, url: data.html_url ?? "" };
      });
    }
    return this.#call(`create ${where}`, async () => {
      const { data } = await this.#octokit.rest.checks.create({
        ...repo,
        name: check.name,
        head_sha: check.headSha,
        ...fields,
      });
      return { id: data.id, url: data.html_url ?? "" };
    });
  }

  async readCheck(
    repo: RepoRef,
    sha: string,
    name: string,
  ): Promise<{ title: string; summary: string; text: string } | undefined> {
    const run = await this.#ownCheckRun(repo, sha, name);
    if (!run) return undefined;
    return { title: run.output.title ?? "", summary: run.output.summary ?? "", text: run.output.text ?? "" };
  }

  /** This app's latest run named `name` on `sha`: another app may use the same name, and never counts. */
  #ownCheckRun(repo: RepoRef, sha: string, name: string) {
    return this.#call(`list the check ${name} on ${sha.slice(0, 7)} in ${slug(repo)}`, async () => {
      const runs = await this.#octokit.paginate(this.#octokit.rest.checks.listForRef, {
        ...repo,
        ref: sha,
        check_name: name,
        filter: "latest",
        per_page: 100,
      });
      return runs.find((run) => run.name === name && this.#isOwnApp(run.app));
    });
  }

  #isOwnApp(app: { slug?: string } | null | undefined): boolean {
    // Without the bot login the app is unknown: never adopt a run, create a new one instead.
    const ownSlug = this.#botLogin?.replace(/\[bot\]$/, "");
    return ownSlug !== undefined && app?.slug === ownSlug;
  }

  #rememberTree(commit: string, tree: string): void {
    if (this.#treeOf.size >= TREE_CACHE_SIZE) {
      const oldest = this.#treeOf.keys().next().value;
      if (oldest !== undefined) this.#treeOf.delete(oldest);
    }
    this.#treeOf.set(commit, tree);
  }

  #isOwnComment(user: { login: string; type?: string } | null | undefined): boolean {
    if (!user) return false;
    return this.#botLogin ? user.login === this.#botLogin : user.type === "Bot";
  }

  async #call<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toForgeError(error, action);
    }
  }
}

function slug(repo: RepoRef): string {
  return `${repo.owner}/${repo.repo}`;
}

function toReviewComment(comment: LineComment) {
  const range =
    comment.startLine !== undefined && comment.startLine < comment.line
      ? { start_line: comment.startLine, start_side: "RIGHT" as const }
      : {};
  return { path: comment.path, line: comment.line, side: "RIGHT" as const, ...range, body: comment.body };
}

function toChangeRequest(pull: PullLike): ChangeRequest {
  const merged = pull.merged === true || Boolean(pull.merged_at);
  return {
    number: pull.number,
    url: pull.html_url,
    headBranch: pull.head.ref,
    headSha: pull.head.sha,
    baseBranch: pull.base.ref,
    baseSha: pull.base.sha,
    state: merged ? "merged" : pull.state === "closed" ? "closed" : "open",
    body: pull.body ?? "",
    author: pull.user?.login ?? "",
  };
}
