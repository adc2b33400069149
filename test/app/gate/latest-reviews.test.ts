import { describe, expect, it } from "vitest";
import type { ReviewInput } from "../../../app/gate/gate-input.ts";
import { latestOpinionatedReviews, loginKey } from "../../../app/gate/latest-reviews.ts";

const HEAD = "a".repeat(40);
const at = (minute: number) => `2026-11-25T10:${String(minute).padStart(2, "0")}:00Z`;
const make = (id: number, login: string, state: ReviewInput["state"], minute: number): ReviewInput => ({
  id,
  login,
  isBot: false,
  state,
  commitId: HEAD,
  submittedAt: at(minute),
});

describe("latestOpinionatedReviews", () => {
  it("keeps one review per reviewer: the latest APPROVED, CHANGES_REQUESTED or DISMISSED", () => {
    const reviews = [
      make(3, "olivia", "APPROVED", 3),
      make(1, "olivia", "CHANGES_REQUESTED", 1),
      make(4, "olivia", "COMMENTED", 4),
      make(5, "olivia", "PENDING", 5),
      make(2, "pat", "APPROVED", 2),
      make(6, "pat", "DISMISSED", 6),
      make(7, "quinn", "COMMENTED", 7),
    ];
    expect(latestOpinionatedReviews(reviews).map((r) => [r.login, r.state])).toEqual([
      ["olivia", "APPROVED"],
      ["pat", "DISMISSED"],
    ]);
  });

  it("groups reviewers case-insensitively and breaks same-second ties by review id", () => {
    const reviews = [make(11, "Olivia", "CHANGES_REQUESTED", 1), make(10, "olivia", "APPROVED", 1)];
    expect(latestOpinionatedReviews(reviews)).toEqual([reviews[0]]);
  });

  it("orders the result oldest first, whatever the input order", () => {
    const reviews = [make(9, "c", "APPROVED", 9), make(1, "a", "APPROVED", 1), make(5, "b", "APPROVED", 5)];
    expect(latestOpinionatedReviews(reviews).map((r) => r.login)).toEqual(["a", "b", "c"]);
  });

  it("ignores the time of COMMENTED and PENDING reviews, which may have none", () => {
    const pending = { ...make(2, "olivia", "PENDING", 0), submittedAt: "" };
    expect(latestOpinionatedReviews([make(1, "olivia", "APPROVED", 1), pending])).toHaveLength(1);
  });

  it("throws when an opinionated review has no usable time", () => {
    expect(() =>
      latestOpinionatedReviews([{ ...make(1, "olivia", "APPROVED", 1), submittedAt: "" }]),
    ).toThrow(/review 1 by @olivia \(APPROVED\) has submittedAt "", which is not an ISO-8601 time/);
  });
});

describe("loginKey", () => {
  it("compares logins without case or a leading @", () => {
    expect(loginKey("@Olivia")).toBe("olivia");
    expect(loginKey(" OLIVIA ")).toBe("olivia");
  });
});
