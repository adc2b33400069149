import { describe, expect, it } from "vitest";
import { isMap, isSeq, parseDocument } from "yaml";
import { MAX_BODY_CHARS, renderStepComments } from "../../../app/render/index.ts";
import { fences } from "./markdown-structure.ts";
import { IMAGE_DIFF, PLAN_PATH, planInput, planView, preview, SCALE_DIFF } from "./render-fixtures.ts";

/** The step id on each line of `yaml` that starts a step ("  - id: x" under steps:). */
function stepIdsByLine(yaml: string): Map<number, string> {
  const ids = new Map<number, string>();
  const steps = parseDocument(yaml).get("steps", true);
  if (!isSeq(steps)) throw new Error("no steps");
  for (const item of steps.items) {
    if (!isMap(item)) continue;
    const id = String(item.get("id"));
    const line = yaml.split("\n").findIndex((l) => l.trim() === `- id: ${id}`);
    ids.set(line + 1, id);
  }
  return ids;
}

describe("renderStepComments", () => {
  it("anchors one comment per mutating step on that step's lines of the plan file, with its reason and diff", () => {
    const view = planView();
    const comments = renderStepComments(view);
    const lines = view.planYaml.split("\n");

    expect(comments.map((c) => c.path)).toEqual([PLAN_PATH, PLAN_PATH]);
    view.plan.steps.forEach((step, i) => {
      const comment = comments[i];
      expect(comment?.startLine).toBeDefined();
      expect(lines[(comment?.startLine ?? 0) - 1]).toBe(`  - id: ${step.id}`);
      expect(lines[(comment?.line ?? 0) - 1]).toBe(`    reason: ${step.reason}`);
      expect(comment?.body).toContain(step.reason);
    });
    expect(fences(comments[0]?.body ?? "")).toEqual([{ info: "diff", content: `${SCALE_DIFF}\n` }]);
    expect(fences(comments[1]?.body ?? "")).toEqual([{ info: "diff", content: `${IMAGE_DIFF}\n` }]);
    expect(comments[0]?.body).toMatch(/^\*\*Step 1 · `scale-web`\*\* \(`k8s_scale`, Deployment\/shop\/web\)/);
  });

  it("skips read-only steps and finds the right lines after multi-line args and reasons", () => {
    const input = planInput({
      steps: [
        {
          id: "look",
          tool: "k8s_get",
          args: { namespace: "shop", kind: "Deployment", name: "web" },
          reason: "Look.",
        },
        {
          id: "apply-web",
          tool: "k8s_apply",
          args: { manifests: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n", namespace: "shop" },
          reason: "Apply the config.\nIt was asked for in the issue.",
        },
        {
          id: "restart-web",
          tool: "k8s_rollout_restart",
          args: { namespace: "shop", kind: "Deployment", name: "web" },
          reason: "Restart.",
        },
      ],
    });
    const previews = [
      { ...preview("look", "k8s_get", ""), mutating: false },
      preview(
        "apply-web",
        "k8s_apply",
        "--- live/ConfigMap/shop/web\n+++ planned/ConfigMap/shop/web\n@@ -0,0 +1 @@\n+kind: ConfigMap",
      ),
      preview("restart-web", "k8s_rollout_restart", "", { changed: false }),
    ];
    const view = planView(input, previews);
    const comments = renderStepComments(view);
    const starts = stepIdsByLine(view.planYaml);
    const lines = view.planYaml.split("\n");

    expect(comments.map((c) => starts.get(c.startLine ?? c.line))).toEqual(["apply-web", "restart-web"]);
    // Each range ends on the step's last line: the next line starts the next step (or the verify list).
    for (const comment of comments) {
      const next = lines[comment.line] ?? "";
      expect(next === "verify:" || next.startsWith("  - id: ")).toBe(true);
    }
    expect(comments[1]?.body).toContain("The dry run shows no change.");
    expect(fences(comments[1]?.body ?? "")).toEqual([]);
  });

  it("bounds each comment by GitHub's limit, cutting the diff and saying so", () => {
    const huge = `--- live/ConfigMap/shop/x\n+++ planned/ConfigMap/shop/x\n@@ -0,0 +1 @@\n${"+a: b\n".repeat(400_000)}`;
    const input = planInput({
      steps: [
        {
          id: "apply-x",
          tool: "k8s_apply",
          args: { manifests: "kind: ConfigMap" },
          reason: "r".repeat(2000),
        },
      ],
    });
    const [comment] = renderStepComments(planView(input, [preview("apply-x", "k8s_apply", huge)]));
    expect(comment?.body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(fences(comment?.body ?? "")[0]?.content).toMatch(
      /… \d+ more lines over GitHub's comment limit; run k8s_diff/,
    );
  });

  it("anchors a one-line step with line only", () => {
    const view = planView();
    const flow = view.planYaml.replace(
      / {2}- id: scale-web\n {4}tool: k8s_scale\n {4}args: (\{.*\})\n {4}reason: (.*)\n/,
      "  - {id: scale-web, tool: k8s_scale, args: $1, reason: $2}\n",
    );
    expect(flow).not.toBe(view.planYaml);
    const [first] = renderStepComments({ ...view, planYaml: flow });
    expect(first?.startLine).toBeUndefined();
    expect(flow.split("\n")[(first?.line ?? 0) - 1]).toMatch(/^ {2}- \{id: scale-web,/);
  });

  it("refuses a plan file whose steps do not match the plan", () => {
    const view = planView();
    expect(() => renderStepComments({ ...view, planYaml: "steps: []\n" })).toThrow(
      /has 0 steps but the plan has 2/,
    );
    expect(() => renderStepComments({ ...view, planYaml: "kind: Plan\n" })).toThrow(/no steps list/);
  });
});
