// Pull request reviews: create (with line comments validated against the PR's diff at the review's
// commit), submit a pending one, list, get, dismiss, and the review comments.
import type { Handler, RequestContext } from "../context.ts";
import { notFound, unprocessable, validationFailed } from "../errors.ts";
import { changedFiles, type FileChange, pullDiffBase } from "../operations.ts";
import { callerLogin, requireRepo } from "../permissions.ts";
import type { Router } from "../router.ts";
import { pullShape, reviewCommentShape, reviewShape } from "../shapes.ts";
import {
  type Issue,
  now,
  type Pull,
  type Repo,
  type Review,
  type ReviewComment,
  type ReviewState,
} from "../state/world.ts";
import { numberParam, oneOf, optionalString, paginate } from "../validate.ts";
import { findPull } from "./pulls.ts";

const events = ["APPROVE", "REQUEST_CHANGES", "COMMENT"] as const;
type ReviewEvent = (typeof events)[number];
const stateOf: Record<ReviewEvent, ReviewState> = {
  APPROVE: "APPROVED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
  COMMENT: "COMMENTED",
};

function emitReview(
  c: RequestContext,
  repo: Repo,
  pull: Pull,
  review: Review,
  action: string,
  sender: string,
): void {
  const shape = reviewShape(c.world, repo, review);
  c.emit({
    repo,
    event: "pull_request_review",
    action,
    sender,
    payload: {
      review: { ...shape, state: review.state.toLowerCase() },
      pull_request: pullShape(c.world, repo, pull),
    },
  });
}

/** The review's commit: the PR's head unless the request names an earlier commit of the PR. */
function reviewCommit(repo: Repo, pull: Pull, given: string | undefined): string {
  if (given === undefined) return pull.headSha;
  const sha = given.toLowerCase();
  const inPull =
    pull.heads.includes(sha) ||
    (repo.git.commit(sha) !== undefined &&
      repo.git.commitsBetween(pullDiffBase(repo, pull), pull.headSha).includes(sha));
  if (!inPull) {
    throw unprocessable("Unprocessable Entity", [`commit_id ${given} is not part of the pull request`]);
  }
  return sha;
}

interface LineTarget {
  path: string;
  line: number;
  startLine: number | null;
  side: "LEFT" | "RIGHT";
  startSide: "LEFT" | "RIGHT" | null;
  body: string;
  diffHunk: string;
}

function side(value: unknown, where: string): "LEFT" | "RIGHT" {
  if (value === undefined || value === null) return "RIGHT";
  if (value === "LEFT" || value === "RIGHT") return value;
  throw unprocessable("Unprocessable Entity", [
    `${where} must be LEFT or RIGHT, got ${JSON.stringify(value)}`,
  ]);
}

/** Checks one comments[] entry against the diff: the line (and start_line) must be in one hunk. */
function lineTarget(raw: unknown, index: number, files: FileChange[]): LineTarget {
  const where = `comments[${index}]`;
  if (typeof raw !== "object" || raw === null)
    throw unprocessable("Unprocessable Entity", [`${where} must be an object`]);
  const entry = raw as Record<string, unknown>;
  if (typeof entry.body !== "string" || entry.body === "") {
    throw unprocessable("Unprocessable Entity", [`${where}.body is missing`]);
  }
  if (typeof entry.path !== "string")
    throw unprocessable("Unprocessable Entity", [`${where}.path is missing`]);
  if (entry.position !== undefined) {
    throw unprocessable("Unprocessable Entity", [
      `${where}.position is not emulated: use line (and side, start_line)`,
    ]);
  }
  const file = files.find((f) => f.filename === entry.path);
  if (!file)
    throw unprocessable("Unprocessable Entity", [
      `${where}: Path could not be resolved (${entry.path} is not changed in this pull request)`,
    ]);
  if (!Number.isInteger(entry.line) || (entry.line as number) < 1) {
    throw unprocessable("Unprocessable Entity", [`${where}.line must be a positive integer`]);
  }
  const line = entry.line as number;
  const lineSide = side(entry.side, `${where}.side`);
  const startLine = entry.start_line === undefined || entry.start_line === null ? null : entry.start_line;
  if (startLine !== null && (!Number.isInteger(startLine) || (startLine as number) > line)) {
    throw unprocessable("Unprocessable Entity", [`${where}.start_line must be an integer not after line`]);
  }
  const startSide = startLine === null ? null : side(entry.start_side ?? lineSide, `${where}.start_side`);
  const contains = (h: FileChange["hunks"][number], n: number, s: "LEFT" | "RIGHT") =>
    s === "RIGHT"
      ? n >= h.newStart && n < h.newStart + h.newLines
      : n >= h.oldStart && n < h.oldStart + h.oldLines;
  const hunk = file.hunks.find((h) => contains(h, line, lineSide));
  if (!hunk) {
    throw unprocessable("Unprocessable Entity", [
      `${where}: Pull request review thread line must be part of the diff (line ${line} of ${file.filename} is not in it)`,
    ]);
  }
  if (startLine !== null && !contains(hunk, startLine as number, startSide ?? lineSide)) {
    throw unprocessable("Unprocessable Entity", [
      `${where}: Pull request review thread start line must be part of the same hunk as the line`,
    ]);
  }
  return {
    path: file.filename,
    line,
    startLine: startLine as number | null,
    side: lineSide,
    startSide,
    body: entry.body,
    diffHunk: hunk.text,
  };
}

function checkSubmission(
  issue: Issue,
  login: string,
  event: ReviewEvent,
  body: string,
  commentCount: number,
): void {
  const own = issue.user.toLowerCase() === login.toLowerCase();
  if (own && event === "APPROVE")
    throw unprocessable("Unprocessable Entity", ["Can not approve your own pull request"]);
  if (own && event === "REQUEST_CHANGES")
    throw unprocessable("Unprocessable Entity", ["Can not request changes on your own pull request"]);
  if (event === "REQUEST_CHANGES" && body === "") {
    throw unprocessable("Unprocessable Entity", ["Review Can not request changes without a body"]);
  }
  if (event === "COMMENT" && body === "" && commentCount === 0) {
    throw unprocessable("Unprocessable Entity", ["Review Can not comment without a body or line comments"]);
  }
}

const createReview: Handler = (c) => {
  const repo = requireRepo(c);
  const login = callerLogin(c);
  const pull = findPull(repo, numberParam(c, "number"));
  const issue = repo.issues.get(pull.number) as Issue;
  const event = oneOf(
    optionalString(c.body, "event", "PullRequestReview"),
    events,
    "PullRequestReview",
    "event",
  );
  const body = optionalString(c.body, "body", "PullRequestReview") ?? "";
  const commitId = reviewCommit(repo, pull, optionalString(c.body, "commit_id", "PullRequestReview"));
  const rawComments = c.body.comments ?? [];
  if (!Array.isArray(rawComments))
    throw validationFailed({ resource: "PullRequestReview", field: "comments", code: "invalid" });
  const files = changedFiles(repo, pullDiffBase(repo, pull, commitId), commitId);
  const targets = rawComments.map((raw, index) => lineTarget(raw, index, files));
  if (event) checkSubmission(issue, login, event, body, targets.length);
  const review: Review = {
    id: c.world.nextId(),
    pullNumber: pull.number,
    user: login,
    body,
    state: event ? stateOf[event] : "PENDING",
    commitId,
    submittedAt: event ? now() : null,
  };
  repo.reviews.set(review.id, review);
  for (const target of targets) {
    const comment: ReviewComment = {
      id: c.world.nextId(),
      reviewId: review.id,
      pullNumber: pull.number,
      ...target,
      user: login,
      commitId,
      createdAt: now(),
    };
    repo.reviewComments.set(comment.id, comment);
  }
  if (event) emitReview(c, repo, pull, review, "submitted", login);
  return { status: 200, body: reviewShape(c.world, repo, review) };
};

function findReview(c: RequestContext, repo: Repo, pull: Pull): Review {
  const review = repo.reviews.get(numberParam(c, "id"));
  if (!review || review.pullNumber !== pull.number) throw notFound();
  return review;
}

const submitReview: Handler = (c) => {
  const repo = requireRepo(c);
  const login = callerLogin(c);
  const pull = findPull(repo, numberParam(c, "number"));
  const review = findReview(c, repo, pull);
  if (review.state !== "PENDING" || review.user.toLowerCase() !== login.toLowerCase()) {
    throw unprocessable("Unprocessable Entity", ["Can not submit a review that is not your pending review"]);
  }
  const event = oneOf(
    optionalString(c.body, "event", "PullRequestReview"),
    events,
    "PullRequestReview",
    "event",
  );
  if (!event)
    throw validationFailed({ resource: "PullRequestReview", field: "event", code: "missing_field" });
  const body = optionalString(c.body, "body", "PullRequestReview") ?? review.body;
  const comments = [...repo.reviewComments.values()].filter((rc) => rc.reviewId === review.id).length;
  checkSubmission(repo.issues.get(pull.number) as Issue, login, event, body, comments);
  review.body = body;
  review.state = stateOf[event];
  review.submittedAt = now();
  emitReview(c, repo, pull, review, "submitted", login);
  return { status: 200, body: reviewShape(c.world, repo, review) };
};

const listReviews: Handler = (c) => {
  const repo = requireRepo(c);
  const login = callerLogin(c).toLowerCase();
  const pull = findPull(repo, numberParam(c, "number"));
  const reviews = [...repo.reviews.values()]
    .filter((r) => r.pullNumber === pull.number && (r.state !== "PENDING" || r.user.toLowerCase() === login))
    .sort((a, b) => a.id - b.id)
    .map((r) => reviewShape(c.world, repo, r));
  return paginate(c, reviews);
};

const getReview: Handler = (c) => {
  const repo = requireRepo(c);
  const pull = findPull(repo, numberParam(c, "number"));
  return { status: 200, body: reviewShape(c.world, repo, findReview(c, repo, pull)) };
};

const dismissReview: Handler = (c) => {
  const repo = requireRepo(c, "write");
  const login = callerLogin(c);
  const pull = findPull(repo, numberParam(c, "number"));
  const review = findReview(c, repo, pull);
  if (typeof c.body.message !== "string" || c.body.message === "") {
    throw validationFailed({ resource: "PullRequestReview", field: "message", code: "missing_field" });
  }
  if (review.state !== "APPROVED" && review.state !== "CHANGES_REQUESTED") {
    throw unprocessable("Unprocessable Entity", [
      `Can not dismiss a ${review.state.toLowerCase()} pull request review`,
    ]);
  }
  review.state = "DISMISSED";
  emitReview(c, repo, pull, review, "dismissed", login);
  return { status: 200, body: reviewShape(c.world, repo, review) };
};

function commentsOf(repo: Repo, filter: (rc: ReviewComment) => boolean): ReviewComment[] {
  return [...repo.reviewComments.values()]
    .filter((rc) => filter(rc) && repo.reviews.get(rc.reviewId)?.state !== "PENDING")
    .sort((a, b) => a.id - b.id);
}

const listPullComments: Handler = (c) => {
  const repo = requireRepo(c);
  const pull = findPull(repo, numberParam(c, "number"));
  return paginate(
    c,
    commentsOf(repo, (rc) => rc.pullNumber === pull.number).map((rc) =>
      reviewCommentShape(c.world, repo, rc),
    ),
  );
};

const listReviewComments: Handler = (c) => {
  const repo = requireRepo(c);
  const pull = findPull(repo, numberParam(c, "number"));
  const review = findReview(c, repo, pull);
  return paginate(
    c,
    [...repo.reviewComments.values()]
      .filter((rc) => rc.reviewId === review.id)
      .map((rc) => reviewCommentShape(c.world, repo, rc)),
  );
};

export function registerReviewRoutes(router: Router<Handler>): void {
  router
    .add("POST", "/repos/:owner/:repo/pulls/:number/reviews", createReview)
    .add("GET", "/repos/:owner/:repo/pulls/:number/reviews", listReviews)
    .add("GET", "/repos/:owner/:repo/pulls/:number/reviews/:id", getReview)
    .add("POST", "/repos/:owner/:repo/pulls/:number/reviews/:id/events", submitReview)
    .add("PUT", "/repos/:owner/:repo/pulls/:number/reviews/:id/dismissals", dismissReview)
    .add("GET", "/repos/:owner/:repo/pulls/:number/reviews/:id/comments", listReviewComments)
    .add("GET", "/repos/:owner/:repo/pulls/:number/comments", listPullComments);
}
