// The review that speaks for each reviewer: GitHub's rule that only the latest opinionated review
// (APPROVED, CHANGES_REQUESTED or DISMISSED) counts; COMMENTED and PENDING change nothing.
import type { ReviewInput } from "./gate-input.ts";

const OPINIONATED = new Set<ReviewInput["state"]>(["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]);

/** Logins compare case-insensitively, as on GitHub; a leading "@" is not part of a login. */
export function loginKey(login: string): string {
  return login.trim().replace(/^@/, "").toLowerCase();
}

/**
 * The latest opinionated review of each reviewer, ordered by submission time (then review id,
 * which GitHub assigns in increasing order, for reviews in the same second). Throws when an
 * opinionated review has no valid submission time: its place in the order would be a guess.
 */
export function latestOpinionatedReviews(reviews: readonly ReviewInput[]): ReviewInput[] {
  const latest = new Map<string, { review: ReviewInput; time: number }>();
  for (const review of reviews) {
    if (!OPINIONATED.has(review.state)) continue;
    const time = Date.parse(review.submittedAt);
    if (Number.isNaN(time)) {
      throw new TypeError(
        `evaluateGate: review ${review.id} by @${review.login} (${review.state}) has submittedAt ${JSON.stringify(review.submittedAt)}, which is not an ISO-8601 time; pass the forge's submitted_at`,
      );
    }
    const key = loginKey(review.login);
    const current = latest.get(key);
    if (current === undefined || isLater({ review, time }, current)) latest.set(key, { review, time });
  }
  return [...latest.values()].sort((a, b) => (isLater(a, b) ? 1 : -1)).map((entry) => entry.review);
}

function isLater(
  a: { review: ReviewInput; time: number },
  b: { review: ReviewInput; time: number },
): boolean {
  return a.time !== b.time ? a.time > b.time : a.review.id > b.review.id;
}
