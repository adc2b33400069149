import { describe, expect, it } from "vitest";
import { MAX_STEPS, MAX_VERIFY, type PlanInput } from "../../../app/plan/index.ts";
import { MAX_BODY_CHARS, readBodyMetadata, renderPlanBody } from "../../../app/render/index.ts";
import { fences, htmlParts, quotes, tables } from "./markdown-structure.ts";
import { IMAGE_DIFF, PLAN_PATH, planInput, planView, preview, SCALE_DIFF } from "./render-fixtures.ts";

/** A unified diff of about `chars` characters with `lines` lines. */
function bigDiff(key: string, lines: number, width = 60): string {
  const body = Array.from({ length: lines }, (_, i) => `+  key${i}: ${"x".repeat(width)}`);
  return [`--- live/${key}`, `+++ planned/${key}`, `@@ -0,0 +1,${lines} @@`, ...body].join("\n");
}

function detailsCount(body: string): { open: number; close: number } {
  const parts = htmlParts(body);
  return {
    open: parts.filter((p) => p.startsWith("<details>")).length,
    close: parts.filter((p) => p === "</details>").length,
  };
}

describe("renderPlanBody", () => {
  it("shows the request, a row per step, the flowchart, each diff in a details block, the checks, the digest and the approvers", () => {
    const view = planView();
    const body = renderPlanBody(view);

    expect(quotes(body)).toEqual(["scale web to 5 in shop"]);
    expect(body).toContain("Requested by @alice in [#42](https://github.com/acme/shop/issues/42).");

    const [steps, checks] = tables(body);
    expect(steps).toEqual([
      ["#", "Tool", "Target", "Change"],
      ["1", "k8s_scale", "Deployment/shop/web", "replicas 3 → 5"],
      ["2", "k8s_set_image", "Deployment/shop/api", "image of api nginx:1.26 → nginx:1.27"],
    ]);
    expect(checks).toEqual([
      ["Check", "Tool", "Target", "Expects", "Timeout"],
      ["web-rolled-out", "k8s_rollout_complete", "Deployment/shop/web", "rollout complete", "300 s"],
      ["web-replicas", "k8s_field_equals", "Deployment/shop/web", "spec.replicas = 5", "300 s"],
    ]);

    const blocks = fences(body);
    const mermaid = blocks.find((f) => f.info === "mermaid");
    expect(mermaid?.content).toContain("flowchart TD");
    expect(mermaid?.content).toContain("s1 --> s2");
    expect(mermaid?.content).toMatch(/s2 --> c1\n/);
    expect(mermaid?.content).toMatch(/s2 --> c2\n/);
    expect(blocks.filter((f) => f.info === "diff").map((f) => f.content)).toEqual([
      `${SCALE_DIFF}\n`,
      `${IMAGE_DIFF}\n`,
    ]);

    expect(detailsCount(body)).toEqual({ open: 2, close: 2 });
    expect(htmlParts(body)).toContain("<details>\n<summary>Step 1 · scale-web · replicas 3 → 5</summary>");

    expect(body).toContain(`Plan digest: \`${view.digest}\``);
    expect(body).toContain(
      `Needs 1 approval from the code owners of \`${PLAN_PATH}\`: @acme/platform or @bob.`,
    );
    expect(body).toContain(
      `Approve this pull request; Skyflo executes when the code owners of \`${PLAN_PATH}\` have approved at the current head commit.`,
    );
    expect(readBodyMetadata(body)).toEqual({
      planId: "42-scale-web",
      digest: view.digest,
      requester: "alice",
      issue: 42,
    });
  });

  it("warns that an unowned plan cannot be approved, naming the CODEOWNERS file and the directory to cover", () => {
    const owned = { owners: [], required: 1, unowned: true, codeownersPath: ".github/CODEOWNERS" };
    const body = renderPlanBody(planView(undefined, undefined, { approval: owned }));
    expect(body).toContain("> [!WARNING]");
    expect(body).toContain(
      "No CODEOWNERS rule gives `.skyflo/plans/42-scale-web.yaml` an owner in `.github/CODEOWNERS`",
    );
    expect(body).toContain("cannot be approved");
    expect(body).toContain("covers `.skyflo/plans/`");
    expect(body).not.toContain("Approve this pull request");

    const noFile = renderPlanBody(
      planView(undefined, undefined, { approval: { owners: [], required: 1, unowned: true } }),
    );
    expect(noFile).toContain("(no CODEOWNERS file on the base branch)");
  });

  it("asks for the required count and lists at most 20 owners", () => {
    const owners = Array.from({ length: 25 }, (_, i) => `@user${i}`);
    const body = renderPlanBody(
      planView(undefined, undefined, { approval: { owners, required: 2, unowned: false } }),
    );
    expect(body).toContain("Needs 2 approvals from the code owners");
    expect(body).toContain("@user19 or 5 more.");
    expect(body).not.toContain("@user20");
  });

  it("shows no diff for a read-only step, says when a dry run failed or changes nothing, and treats a step without a preview as a change", () => {
    const input = planInput({
      steps: [
        {
          id: "read-web",
          tool: "k8s_get",
          args: { namespace: "shop", kind: "Deployment", name: "web" },
          reason: "Look first.",
        },
        {
          id: "scale-web",
          tool: "k8s_scale",
          args: { namespace: "shop", kind: "Deployment", name: "web", replicas: 5 },
          reason: "Scale.",
        },
        {
          id: "restart-web",
          tool: "k8s_rollout_restart",
          args: { namespace: "shop", kind: "Deployment", name: "web" },
          reason: "Restart.",
        },
        {
          id: "delete-old",
          tool: "k8s_delete",
          args: { namespace: "shop", kind: "Deployment", name: "old" },
          reason: "Remove.",
        },
      ],
    });
    const previews = [
      { ...preview("read-web", "k8s_get", ""), mutating: false },
      preview("scale-web", "k8s_scale", "", { changed: false }),
      preview("restart-web", "k8s_rollout_restart", "", {
        changed: false,
        error: "Deployment web is paused.",
      }),
    ];
    const body = renderPlanBody(planView(input, previews));
    const [steps] = tables(body);
    expect(steps?.slice(1).map((row) => row[3])).toEqual([
      "—",
      "replicas → 5 (no change)",
      "restart pods (rolling) (dry run failed)",
      "delete (Background propagation)",
    ]);
    expect(detailsCount(body)).toEqual({ open: 3, close: 3 });
    expect(body).toContain("The dry run shows no change.");
    expect(body).toContain("The dry run failed: Deployment web is paused.");
    expect(body).toContain("No dry-run preview was made for this step.");
    expect(fences(body).filter((f) => f.info === "diff")).toEqual([]);
  });

  it("cuts a 2 MB diff to fit, keeps its head and says how many lines were left out", () => {
    const diff = bigDiff("ConfigMap/shop/big", 30_000); // ~2 MB
    expect(diff.length).toBeGreaterThan(2_000_000);
    const input = planInput({
      steps: [
        {
          id: "apply-big",
          tool: "k8s_apply",
          args: { manifests: "kind: ConfigMap", namespace: "shop" },
          reason: "Apply.",
        },
      ],
    });
    const view = planView(input, [preview("apply-big", "k8s_apply", diff)]);
    const body = renderPlanBody(view);

    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    const [shown] = fences(body).filter((f) => f.info === "diff");
    expect(shown?.content.startsWith(diff.split("\n").slice(0, 10).join("\n"))).toBe(true);
    expect(shown?.content).toMatch(
      /\n… \d+ more lines; see the review comment on this step or run k8s_diff\n$/,
    );
    // Most of the room goes to the diff, not to a summary.
    expect(shown?.content.length).toBeGreaterThan(50_000);
    expect(readBodyMetadata(body)?.digest).toBe(view.digest);
    expect(body).toContain(`Plan digest: \`${view.digest}\``);
  });

  it("cuts a diff that is one 2 MB line", () => {
    const diff = `--- live/ConfigMap/shop/big\n+++ planned/ConfigMap/shop/big\n@@ -1 +1 @@\n+data: ${"y".repeat(2_000_000)}`;
    const input = planInput({
      steps: [
        { id: "apply-big", tool: "k8s_apply", args: { manifests: "kind: ConfigMap" }, reason: "Apply." },
      ],
    });
    const body = renderPlanBody(planView(input, [preview("apply-big", "k8s_apply", diff)]));
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(readBodyMetadata(body)?.planId).toBe("42-scale-web");
  });

  /** 50 scale steps, each with a 4,000-line diff (250 KB) and a reason of `reasonLength` characters. */
  function fiftyBigSteps(reasonLength: number) {
    const steps = Array.from({ length: MAX_STEPS }, (_, i) => ({
      id: `scale-${i}`,
      tool: "k8s_scale",
      args: { namespace: "shop", kind: "Deployment", name: `web-${i}`, replicas: 5 },
      reason: `Scale web-${i}. ${"r".repeat(reasonLength)}`,
    }));
    const previews = steps.map((s, i) =>
      preview(s.id, "k8s_scale", bigDiff(`Deployment/shop/web-${i}`, 4_000)),
    );
    return planView(planInput({ steps }), previews);
  }

  it("stays within the limit with 50 steps of large diffs, cutting each diff to an equal share", () => {
    const view = fiftyBigSteps(0);
    const body = renderPlanBody(view);

    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(tables(body)[0]).toHaveLength(MAX_STEPS + 1);
    expect(detailsCount(body)).toEqual({ open: MAX_STEPS, close: MAX_STEPS });
    const diffs = fences(body).filter((f) => f.info === "diff");
    expect(diffs).toHaveLength(MAX_STEPS);
    for (const [i, diff] of diffs.entries()) {
      expect(diff.content).toContain(`+++ planned/Deployment/shop/web-${i}\n`);
      expect(diff.content).toMatch(
        /… \d+ more lines; see the review comment on this step or run k8s_diff\n$/,
      );
    }
    expect(readBodyMetadata(body)?.digest).toBe(view.digest);
  });

  it("replaces diffs with per-object summaries when even cut diffs would not fit", () => {
    const view = fiftyBigSteps(480);
    const body = renderPlanBody(view);

    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(tables(body)[0]).toHaveLength(MAX_STEPS + 1);
    expect(detailsCount(body)).toEqual({ open: MAX_STEPS, close: MAX_STEPS });
    expect(fences(body).filter((f) => f.info === "diff")).toEqual([]);
    expect(body).toContain("- Deployment/shop/web-49: 4000 lines added, 0 removed");
    expect(readBodyMetadata(body)?.digest).toBe(view.digest);
  });

  it("stays within the limit for the largest plan the schema allows, with the metadata intact", () => {
    const hostile = "|`<>*_[]#!&~\\@x ".repeat(250); // 4000 characters that all need escaping
    const steps = Array.from({ length: MAX_STEPS }, (_, i) => ({
      id: `step-${i}-${"a".repeat(50)}`,
      tool: `custom_tool_${"t".repeat(40)}`,
      args: {
        namespace: "n".repeat(63),
        kind: "K".repeat(60),
        name: "m".repeat(250),
        other: hostile.slice(0, 500),
      },
      reason: hostile.slice(0, 2000),
    }));
    const verify = Array.from({ length: MAX_VERIFY }, (_, i) => ({
      id: `check-${i}-${"b".repeat(50)}`,
      check: "k8s_field_equals",
      args: {
        namespace: "n".repeat(63),
        kind: "K".repeat(60),
        name: "m".repeat(250),
        path: hostile.slice(0, 300),
        equals: 1,
      },
    }));
    const input: PlanInput = planInput({
      steps,
      verify,
      metadata: { ...planInput().metadata, request: { ...planInput().metadata.request, text: hostile } },
    });
    const previews = steps.map((s) => preview(s.id, s.tool, bigDiff("Thing/ns/x", 500)));
    const view = planView(input, previews, {
      approval: {
        owners: Array.from({ length: 500 }, (_, i) => `@org/team-${i}`),
        required: 3,
        unowned: false,
      },
    });
    const body = renderPlanBody(view);
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    // Only the essentials fit: the request, counts, where to read the rest, digest, approval.
    expect(body).toContain(
      "This plan is too large to show here. Read it in `.skyflo/plans/42-scale-web.yaml`",
    );
    expect(tables(body)).toEqual([]);
    expect(quotes(body)[0]).toContain("|`<>*_[]#!&~\\@\u200Bx |");
    expect(body).toContain("Needs 3 approvals from the code owners");
    expect(readBodyMetadata(body)).toEqual({
      planId: "42-scale-web",
      digest: view.digest,
      requester: "alice",
      issue: 42,
    });
    expect(body).toContain(`Plan digest: \`${view.digest}\``);
  });

  it("quotes hostile request text literally: no closing comments or details, no broken tables, no mentions", () => {
    const text = [
      "scale web --> <!-- x --> </details> <details><summary>hi</summary>",
      "| a | b | `code` ``` ~~~ @everyone @acme/admins <script>alert(1)</script>",
      "# heading",
      "- list",
      "```",
    ].join("\n");
    const input = planInput({
      metadata: { ...planInput().metadata, request: { ...planInput().metadata.request, text } },
    });
    const view = planView(input);
    const body = renderPlanBody(view);

    // The quote reads exactly as typed, except that mentions no longer notify.
    expect(quotes(body)).toEqual([text.replace(/@(?=[a-z])/g, "@\u200B")]);
    expect(body).not.toMatch(/@everyone|@acme\/admins/);
    // Structure unchanged: two details blocks, the same tables, no stray HTML, metadata readable.
    expect(detailsCount(body)).toEqual({ open: 2, close: 2 });
    expect(tables(body).map((t) => t.length)).toEqual([3, 3]);
    // The only HTML is Skyflo's own: the details blocks and the metadata comment.
    expect(htmlParts(body).map((p) => p.replace(/<summary>.*<\/summary>/, "<summary>"))).toEqual([
      "<details>\n<summary>",
      "</details>",
      "<details>\n<summary>",
      "</details>",
      expect.stringMatching(/^<!-- skyflo:plan \{.*\} -->$/),
    ]);
    expect(fences(body).map((f) => f.info)).toEqual(["mermaid", "diff", "diff"]);
    expect(readBodyMetadata(body)?.planId).toBe("42-scale-web");
  });

  it("keeps hostile diffs and names inside their blocks and cells", () => {
    const diff = [
      "--- live/ConfigMap/shop/x",
      "+++ planned/ConfigMap/shop/x",
      "@@ -1 +1,3 @@",
      "+a: '````'",
      "+b: </details> <!-- skyflo:plan {} -->",
      "+c: ``` ~~~",
    ].join("\n");
    const input = planInput({
      steps: [
        {
          id: "patch-x",
          tool: "k8s_patch",
          args: { namespace: "shop", kind: "ConfigMap", name: 'x|"]--> <b>', patch: { data: { a: "1" } } },
          reason: "Patch </details> | `x` @here",
        },
      ],
    });
    const body = renderPlanBody(planView(input, [preview("patch-x", "k8s_patch", diff)]));
    const diffs = fences(body).filter((f) => f.info === "diff");
    expect(diffs.map((f) => f.content)).toEqual([`${diff}\n`]);
    expect(detailsCount(body)).toEqual({ open: 1, close: 1 });
    const [steps] = tables(body);
    expect(steps?.[1]).toEqual(["1", "k8s_patch", 'ConfigMap/shop/x|"]--> <b>', "default patch"]);
    const mermaid = fences(body).find((f) => f.info === "mermaid")?.content ?? "";
    expect(mermaid).toContain('s1["1. patch-x: k8s_patch ConfigMap/shop/x -- b"]');
    expect(body).not.toContain("@here");
    expect(readBodyMetadata(body)?.planId).toBe("42-scale-web");
  });
});
