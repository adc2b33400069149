// The emulator's whole state: accounts, repositories (each with its own git store, issues, pulls,
// reviews, check runs), installations of the one app, teams, and installation tokens.
// Everything is synchronous and in memory; handlers mutate it and emit webhook events.
import { GitStore } from "./git-store.ts";

export type AccountType = "User" | "Organization" | "Bot";
export type RepoRole = "read" | "triage" | "write" | "maintain" | "admin";

export interface Account {
  login: string;
  id: number;
  type: AccountType;
  /** Organizations: logins (lower case) with admin rights on every repo of the org. */
  admins: Set<string>;
}

export interface Issue {
  number: number;
  id: number;
  title: string;
  body: string | null;
  user: string;
  state: "open" | "closed";
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  isPull: boolean;
  /** Label names (labels are created on first use, as GitHub's add-labels endpoint does). */
  labels?: string[];
}

export interface Reaction {
  id: number;
  user: string;
  content: string;
  createdAt: string;
}

export interface IssueComment {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
  reactions: Reaction[];
}

export interface Pull {
  number: number;
  id: number;
  headRef: string;
  headSha: string;
  baseRef: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  /** Every head this PR has had, oldest first (reviews may name any of them). */
  heads: string[];
}

export type ReviewState = "PENDING" | "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED";

export interface Review {
  id: number;
  pullNumber: number;
  user: string;
  body: string;
  state: ReviewState;
  commitId: string;
  submittedAt: string | null;
}

export interface ReviewComment {
  id: number;
  reviewId: number;
  pullNumber: number;
  path: string;
  line: number;
  startLine: number | null;
  side: "LEFT" | "RIGHT";
  startSide: "LEFT" | "RIGHT" | null;
  body: string;
  user: string;
  commitId: string;
  diffHunk: string;
  createdAt: string;
}

export interface CheckRun {
  id: number;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  detailsUrl: string | null;
  externalId: string | null;
}

export interface Repo {
  id: number;
  name: string;
  owner: Account;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  createdAt: string;
  git: GitStore;
  /** Full ref name ("refs/heads/main") → commit sha. */
  refs: Map<string, string>;
  /** Lower-case login → the collaborator's login and role. */
  collaborators: Map<string, { login: string; role: RepoRole }>;
  issues: Map<number, Issue>;
  comments: Map<number, IssueComment>;
  pulls: Map<number, Pull>;
  reviews: Map<number, Review>;
  reviewComments: Map<number, ReviewComment>;
  checkRuns: Map<number, CheckRun>;
  nextNumber: number;
}

export interface Installation {
  id: number;
  account: Account;
  createdAt: string;
}

export interface TeamMembership {
  login: string;
  role: "member" | "maintainer";
  state: "active" | "pending";
}

export interface Team {
  id: number;
  org: string;
  slug: string;
  members: Map<string, TeamMembership>;
}

export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

const key = (s: string) => s.toLowerCase();

export class World {
  readonly appId: number;
  readonly appSlug: string;
  url = "";
  private nextIdValue = 1000;
  private readonly accounts = new Map<string, Account>();
  private readonly repos = new Map<string, Repo>();
  private readonly installations = new Map<string, Installation>();
  readonly tokens = new Map<string, { installationId: number; expiresAt: number }>();
  private readonly teams = new Map<string, Team>();

  constructor(appId: number, appSlug: string) {
    this.appId = appId;
    this.appSlug = appSlug;
  }

  get botLogin(): string {
    return `${this.appSlug}[bot]`;
  }

  nextId(): number {
    return this.nextIdValue++;
  }

  /** Any login is an account; it is created the first time it is seen. */
  account(login: string, type: AccountType = "User"): Account {
    const existing = this.accounts.get(key(login));
    if (existing) return existing;
    const account: Account = { login, id: this.nextId(), type, admins: new Set() };
    this.accounts.set(key(login), account);
    return account;
  }

  findAccount(login: string): Account | undefined {
    return this.accounts.get(key(login));
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(key(`${owner}/${name}`));
  }

  allRepos(): Repo[] {
    return [...this.repos.values()];
  }

  addRepo(owner: Account, name: string, options: { private: boolean; description: string | null }): Repo {
    const repo: Repo = {
      id: this.nextId(),
      name,
      owner,
      private: options.private,
      description: options.description,
      defaultBranch: "main",
      createdAt: now(),
      git: new GitStore(),
      refs: new Map(),
      collaborators: new Map(),
      issues: new Map(),
      comments: new Map(),
      pulls: new Map(),
      reviews: new Map(),
      reviewComments: new Map(),
      checkRuns: new Map(),
      nextNumber: 1,
    };
    this.repos.set(key(`${owner.login}/${name}`), repo);
    this.install(owner);
    return repo;
  }

  /** The app's installation on an account, created on first use (the app is installed everywhere). */
  install(account: Account): Installation {
    const existing = this.installations.get(key(account.login));
    if (existing) return existing;
    const installation: Installation = { id: this.nextId(), account, createdAt: now() };
    this.installations.set(key(account.login), installation);
    return installation;
  }

  installationFor(login: string): Installation | undefined {
    return this.installations.get(key(login));
  }

  installationById(id: number): Installation | undefined {
    return [...this.installations.values()].find((i) => i.id === id);
  }

  allInstallations(): Installation[] {
    return [...this.installations.values()];
  }

  team(org: string, slug: string): Team | undefined {
    return this.teams.get(key(`${org}/${slug}`));
  }

  ensureTeam(org: string, slug: string): Team {
    const existing = this.team(org, slug);
    if (existing) return existing;
    const team: Team = { id: this.nextId(), org, slug, members: new Map() };
    this.teams.set(key(`${org}/${slug}`), team);
    return team;
  }
}
