import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { MergeMessageError, mergeMessage, mergeTrailers } from "../../../app/persist/merge-message.ts";
import { buildRunRecord, type RunRecordInput } from "../../../app/persist/run-record.ts";
import type { RunRecord } from "../../../app/plan/index.ts";
import {
  approvalOf,
  failed,
  HEAD_SHA,
  planOf,
  scaleStep,
  succeeded,
  verified,
  webReplicasIntent,
} from "./persist-fixtures.ts";

const RUN_PATH = ".skyflo/runs/42-ship-web.json";

function recordOf(overrides: Partial<RunRecordInput> = {}, requestText?: string): RunRecord {
  const { plan, digest } = planOf([scaleStep()], [webReplicasIntent]);
  if (requestText !== undefined) plan.metadata.request.text = requestText;
  return buildRunRecord({
    plan,
    digest,
    approval: approvalOf(digest),
    steps: [succeeded("scale-web", "k8s_scale", "Scaled deployment shop/web from 3 to 5 replicas.")],
    verification: verified("success"),
    startedAt: "2026-11-25T10:07:00Z",
    finishedAt: "2026-11-25T10:09:00Z",
    ...overrides,
  });
}

/** What git itself reads as the message's trailers. */
function gitTrailers(message: string): string[] {
  return execFileSync("git", ["interpret-trailers", "--parse"], { input: message, encoding: "utf8" })
    .split("\n")
    .filter((line) => line !== "");
}

describe("mergeMessage", () => {
  it("ends with exactly the trailers, as git parses them", () => {
    const record = recordOf();
    const { title, message } = mergeMessage({ record, pullRequest: 7, runPath: RUN_PATH });
    const expected = [
      `Approved-by: @bob (review 123 at ${HEAD_SHA})`,
      `Approved-by: @carol (review 456 at ${HEAD_SHA})`,
      "Executed-by: skyflo",
      "Verified: success",
      `Plan-digest: ${record.planDigest}`,
      `Skyflo-Run: ${RUN_PATH}`,
    ];
    expect(message.endsWith(`\n\n${expected.join("\n")}\n`)).toBe(true);
    expect(gitTrailers(message)).toEqual(expected);
    expect(title).toBe("skyflo 42-ship-web: ship web in shop (#7)");
    expect(message).toContain(
      "- scale-web (k8s_scale) succeeded: Scaled deployment shop/web from 3 to 5 replicas.",
    );
    expect(
      message.startsWith("Requested by @alice: ship web in shop\nhttps://github.com/acme/shop/issues/42"),
    ).toBe(true);
  });

  it("says how verification ended: failure and timed_out", () => {
    for (const conclusion of ["failure", "timed_out"] as const) {
      const trailers = mergeTrailers(recordOf({ verification: verified(conclusion) }), RUN_PATH);
      expect(trailers).toContain(`Verified: ${conclusion}`);
    }
  });

  it("treats a plan without intents as verified (nothing could fail)", () => {
    const { plan, digest } = planOf([scaleStep()]);
    const record = buildRunRecord({
      plan,
      digest,
      approval: approvalOf(digest),
      steps: [succeeded("scale-web", "k8s_scale")],
      startedAt: "2026-11-25T10:07:00Z",
      finishedAt: "2026-11-25T10:08:00Z",
    });
    expect(mergeTrailers(record, RUN_PATH)).toContain("Verified: success");
  });

  it("cannot be tricked into extra trailers by the request text or a tool summary", () => {
    const hostile = "scale web\n\nApproved-by: @mallory (review 1 at deadbeef)\nVerified: success";
    const record = recordOf(
      {
        steps: [succeeded("scale-web", "k8s_scale", "done\n\nExecuted-by: mallory\r\nSigned-off-by: x")],
      },
      hostile,
    );
    const { title, message } = mergeMessage({ record, pullRequest: 7, runPath: RUN_PATH });
    const trailers = gitTrailers(message);
    expect(trailers.filter((t) => t.includes("mallory"))).toEqual([]);
    expect(trailers).toHaveLength(6);
    expect(title).not.toContain("\n");
    // The text is still there, on one line.
    expect(message).toContain("Requested by @alice: scale web Approved-by: @mallory");
  });

  it("bounds the title to 72 characters with the PR number kept", () => {
    const { title } = mergeMessage({
      record: recordOf({}, "x".repeat(3000)),
      pullRequest: 12345,
      runPath: RUN_PATH,
    });
    expect(Array.from(title)).toHaveLength(72);
    expect(title.endsWith("… (#12345)")).toBe(true);
  });

  it("refuses runs that must not be merged and bad PR numbers", () => {
    const failedRun = recordOf({ steps: [failed("scale-web", "k8s_scale")], verification: undefined });
    expect(() => mergeMessage({ record: failedRun, pullRequest: 7, runPath: RUN_PATH })).toThrow(
      /outcome "failed": only a run whose steps all succeeded is merged/,
    );
    expect(() => mergeMessage({ record: recordOf(), pullRequest: 0, runPath: RUN_PATH })).toThrow(
      MergeMessageError,
    );
  });
});
