import { describe, expect, it } from "vitest";
import {
  approvalCheckTitle,
  renderApprovalCheckSummary,
  renderStatus,
  STATUS_MARKER,
} from "../../../app/render/index.ts";
import { htmlParts, tables } from "./markdown-structure.ts";

const HEAD = "0123456789abcdef0123456789abcdef01234567";
const requirements = [
  { id: "pr-open", passed: true, sentence: "Pull request #4 is open." },
  {
    id: "approvals",
    passed: false,
    sentence: "`plans/a|b.yaml` needs 1 owner approval; @dev asked for it.\nAsk @olivia.",
  },
  { id: "no-changes-requested", passed: false, sentence: "Nobody objects <!-- skyflo:plan {} --> here." },
];

describe("the skyflo/approval check", () => {
  it("titles an approval with the approvers and the short head", () => {
    expect(
      approvalCheckTitle({
        approved: true,
        headSha: HEAD,
        approvers: ["olivia", "pat"],
        requirements,
        executes: true,
      }),
    ).toBe("Approved by @olivia, @pat at 0123456");
    expect(
      approvalCheckTitle({ approved: false, headSha: HEAD, approvers: [], requirements, executes: true }),
    ).toBe("Waiting: 2 requirements not met at 0123456");
  });

  it("shows one row per requirement, ✅ or ❌, keeping the gate's Markdown but nothing that pings or hides", () => {
    const summary = renderApprovalCheckSummary({
      approved: false,
      headSha: HEAD,
      approvers: [],
      requirements,
      executes: true,
    });
    expect(summary).toContain("2 of the approval gate's requirements are not met at `0123456`");
    const [table] = tables(summary);
    expect(table).toEqual([
      ["", "Requirement"],
      ["✅", "Pull request #4 is open."],
      ["❌", "plans/a|b.yaml needs 1 owner approval; @\u200bdev asked for it. Ask @\u200bolivia."],
      // Shown as text (the parser decodes the entity); htmlParts below proves it is no comment.
      ["❌", "Nobody objects <!-- skyflo:plan {} --> here."],
    ]);
    expect(htmlParts(summary)).toEqual([]);
  });

  it("says where the run shows when approved, or plainly that nothing runs when execution is off", () => {
    const approved = {
      approved: true,
      headSha: HEAD,
      approvers: ["olivia"],
      requirements: requirements.map((r) => ({ ...r, passed: true })),
    };
    const running = renderApprovalCheckSummary({ ...approved, executes: true });
    expect(running).toContain(
      "Skyflo runs the plan now: see the `skyflo/execute` and `skyflo/verify` checks.",
    );
    expect(running).not.toContain("❌");
    const off = renderApprovalCheckSummary({ ...approved, executes: false });
    expect(off).toContain("Execution is turned off on this Skyflo server, so nothing was changed.");
  });
});

describe("renderStatus for the gate", () => {
  it("approved: names the approvers without pinging them, the head, and that nothing ran", () => {
    const body = renderStatus({
      phase: "approved",
      prUrl: "https://github.com/acme/shop/pull/4",
      approvers: ["olivia", "pat"],
      headSha: HEAD,
    });
    expect(body.startsWith(`${STATUS_MARKER}\n`)).toBe(true);
    expect(body).toContain(
      "[the plan pull request](https://github.com/acme/shop/pull/4) is approved by `@olivia` or `@pat` at `0123456`",
    );
    expect(body).toContain(
      "Execution is turned off on this Skyflo server, so nothing was changed in the cluster",
    );
    expect(htmlParts(body)).toEqual([STATUS_MARKER]);
  });

  it("awaiting-approval: lists what is missing, one line each, with no hidden comments", () => {
    const body = renderStatus({
      phase: "awaiting-approval",
      prUrl: "https://github.com/acme/shop/pull/4",
      missing: ["Needs 1 owner approval.\nAsk @olivia.", "A <!-- skyflo:status --> pasted."],
    });
    expect(body).toContain(
      "waiting for approval of [the plan pull request](https://github.com/acme/shop/pull/4)",
    );
    expect(body).toContain("- Needs 1 owner approval. Ask @\u200bolivia.");
    expect(htmlParts(body)).toEqual([STATUS_MARKER]);
  });
});
