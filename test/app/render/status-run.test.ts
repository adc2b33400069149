// The status comment's phases after a run: merged (links the PR, names the digest) and failed-run
// (the PR stays open; the reason is shown).
import { describe, expect, it } from "vitest";
import { renderStatus, STATUS_MARKER } from "../../../app/render/index.ts";

describe("renderStatus after a run", () => {
  it("merged: links the merged plan PR and names the plan digest", () => {
    const body = renderStatus({
      phase: "merged",
      prUrl: "https://github.com/acme/shop/pull/7",
      digest: "sha256:abc123",
    });
    expect(body.startsWith(STATUS_MARKER)).toBe(true);
    expect(body).toContain("[the plan pull request](https://github.com/acme/shop/pull/7)");
    expect(body).toContain("`sha256:abc123`");
    expect(body).toContain("merged");
    expect(body).not.toContain("does not execute plans yet");
  });

  it("failed-run: says the PR stays open and was not merged, with the reason", () => {
    const body = renderStatus({
      phase: "failed-run",
      prUrl: "https://github.com/acme/shop/pull/8",
      reason: "Verification timed out: web did not roll out.",
    });
    expect(body.startsWith(STATUS_MARKER)).toBe(true);
    expect(body).toContain("stays open");
    expect(body).toContain("was not merged");
    expect(body).toContain("Verification timed out: web did not roll out.");
  });
});
