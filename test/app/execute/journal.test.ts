// The journal's text form: round trip, long texts clipped to fit the Lease's annotation budget,
// and every unreadable form rejected with a sentence that names the annotation and the problem.
import { describe, expect, it } from "vitest";
import { type Journal, parseJournal } from "../../../app/execute/index.ts";
import { serializeJournal } from "../../../app/execute/journal.ts";

const journal: Journal = {
  version: 1,
  planId: "42-scale-web",
  planDigest: `sha256:${"c".repeat(64)}`,
  status: "running",
  holder: "replica-a",
  startedAt: "2026-11-25T10:00:00.000Z",
  steps: [
    {
      id: "scale-web",
      tool: "k8s_scale",
      status: "succeeded",
      summary: "Scaled.",
      resultDigest: `sha256:${"d".repeat(64)}`,
    },
    { id: "restart", tool: "k8s_rollout_restart", status: "pending" },
  ],
};

describe("journal", () => {
  it("round-trips through its annotation text", () => {
    expect(parseJournal(serializeJournal(journal))).toEqual({ ok: true, journal });
  });

  it("clips long summaries, errors and reasons so 50 steps fit in the annotation budget", () => {
    const long = "x".repeat(10_000);
    const big: Journal = {
      ...journal,
      reason: long,
      steps: Array.from({ length: 50 }, (_, i) => ({
        id: `s${i}`,
        tool: "k8s_patch",
        status: "failed" as const,
        summary: long,
        error: long,
      })),
    };
    const text = serializeJournal(big);
    expect(text.length).toBeLessThan(256 * 1024);
    const parsed = parseJournal(text);
    expect(parsed.ok && parsed.journal.steps[0]?.error?.length).toBe(2000);
    expect(parsed.ok && parsed.journal.steps[0]?.error?.endsWith("…")).toBe(true);
  });

  it.each([
    [undefined, "the annotation skyflo.dev/journal is missing"],
    ["{", "the annotation skyflo.dev/journal is not JSON"],
    [JSON.stringify({ ...journal, version: 2 }), "is not a journal (version:"],
    [JSON.stringify({ ...journal, status: "paused" }), "is not a journal (status:"],
    [JSON.stringify({ ...journal, extra: true }), "is not a journal"],
  ])("rejects %s with a sentence", (text, problem) => {
    const parsed = parseJournal(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});
