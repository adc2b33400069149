import { describe, expect, it } from "vitest";
import {
  MAX_BODY_CHARS,
  type ReplyKind,
  renderHelp,
  renderReply,
  renderStatus,
  STATUS_MARKER,
  type StatusState,
} from "../../../app/render/index.ts";
import { htmlParts, tables } from "./markdown-structure.ts";

const DIGEST = `sha256:${"c".repeat(64)}`;

describe("renderStatus", () => {
  it("starts every phase with the marker, a hidden HTML comment", () => {
    expect(STATUS_MARKER).toMatch(/^<!-- [a-z:]+ -->$/);
    const states: StatusState[] = [
      { phase: "planning" },
      {
        phase: "pr-opened",
        prUrl: "https://github.com/acme/shop/pull/43",
        planId: "42-scale-web",
        digest: DIGEST,
        approvers: [],
      },
      { phase: "refused", reason: "You need write access." },
      { phase: "failed", reason: "GitHub answered 502." },
    ];
    for (const state of states) {
      const body = renderStatus(state);
      expect(body.startsWith(`${STATUS_MARKER}\n`)).toBe(true);
      expect(htmlParts(body)).toEqual([STATUS_MARKER]);
    }
  });

  it("says planning, then links the pull request with the plan id, digest and approvers (without pinging them)", () => {
    expect(renderStatus({ phase: "planning" })).toContain("is planning this request");
    const opened = renderStatus({
      phase: "pr-opened",
      prUrl: "https://github.com/acme/shop/pull/43",
      planId: "42-scale-web",
      digest: DIGEST,
      approvers: ["@acme/platform", "bob"],
    });
    expect(opened).toContain("[the plan pull request](https://github.com/acme/shop/pull/43)");
    expect(opened).toContain("plan `42-scale-web`");
    expect(opened).toContain(`digest \`${DIGEST}\``);
    expect(opened).toContain("`@acme/platform` or `@bob`");
    expect(opened).not.toMatch(/(^|[^`])@(acme|bob)/);
  });

  it("says that nobody can approve a plan without owners", () => {
    const opened = renderStatus({
      phase: "pr-opened",
      prUrl: "https://github.com/acme/shop/pull/43",
      planId: "42-scale-web",
      digest: DIGEST,
      approvers: [],
    });
    expect(opened).toContain("Nobody owns the plan file yet, so it cannot be approved");
  });

  it("shows refusals and failures with their reasons, unable to fake a marker or ping", () => {
    const refused = renderStatus({
      phase: "refused",
      reason: "Only @acme/deployers may ask. <!-- skyflo:status -->",
    });
    expect(refused).toContain("will not plan this request");
    expect(refused).toContain("Only @\u200Bacme/deployers may ask.");
    expect(refused.split(STATUS_MARKER)).toHaveLength(2);
    const failed = renderStatus({ phase: "failed", reason: "x".repeat(100_000) });
    expect(failed).toContain("could not finish planning");
    expect(failed.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
  });

  it("refuses a phase it does not know", () => {
    expect(() => renderStatus({ phase: "teleported" } as unknown as StatusState)).toThrow(
      /no status text for phase/,
    );
  });

  it("does not link a pull request URL that is not http(s)", () => {
    const body = renderStatus({
      phase: "pr-opened",
      prUrl: "javascript:alert(1)",
      planId: "1-a",
      digest: DIGEST,
      approvers: [],
    });
    expect(body).not.toContain("](javascript:");
  });
});

describe("renderHelp", () => {
  it("lists the commands with examples in tables", () => {
    const help = renderHelp();
    const commands = tables(help).flatMap((t) => t.slice(1).map((row) => row[0]));
    expect(commands).toEqual(
      expect.arrayContaining([
        "/skyflo scale web to 5 in shop",
        "/skyflo restart deploy/web in shop",
        "/skyflo set image web=nginx:1.27 in shop",
        "/skyflo rollback web in shop",
        "/skyflo apply k8s/web.yaml",
        "/skyflo delete deployment web in shop",
        "/skyflo replan",
        "/skyflo help",
      ]),
    );
  });
});

describe("renderReply", () => {
  const kinds: [ReplyKind, RegExp][] = [
    ["cannot-plan", /could not make a plan from this request, so nothing was opened/],
    ["not-allowed", /cannot take requests from you/],
    ["invalid-command", /could not read this command/],
    ["invalid-config", /configuration is fixed/],
    ["error", /ran into an error/],
  ];

  it.each(kinds)("%s: a headline and the detail as Markdown", (kind, headline) => {
    const reply = renderReply(
      kind,
      'There is no namespace "shpo". Did you mean "shop"?\n\n- `scale web to 5 in shop`',
    );
    expect(reply).toMatch(headline);
    expect(reply).toContain(
      'There is no namespace "shpo". Did you mean "shop"?\n\n- `scale web to 5 in shop`',
    );
  });

  it("keeps the detail from pinging, hiding markers, or going over the comment limit", () => {
    const reply = renderReply("error", `@everyone <!-- skyflo:status --> ${"y".repeat(200_000)}`);
    expect(reply).not.toContain("@everyone");
    expect(reply).not.toContain("<!--");
    expect(reply.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
  });
});
