// What the policy filter dropped travels in the plan's labels (outside the digest) and the plan PR
// body lists it, escaped like every other text Skyflo did not write itself.
import { describe, expect, it } from "vitest";
import { planLabels } from "../../../../app/planner/llm/index.ts";
import { emptyStats } from "../../../../app/planner/llm/planning-stats.ts";
import { renderPlanBody } from "../../../../app/render/index.ts";
import { planInput, planView } from "../../render/render-fixtures.ts";

const base = planInput();

describe("dropped steps in the plan PR body", () => {
  it("lists each dropped step and check with its reason, in order, escaped", () => {
    const labels = planLabels(emptyStats("m"), [
      {
        list: "steps",
        id: "delete-kube-system",
        name: "k8s_delete",
        reason: 'Namespace "kube-system" is denied by policy.',
      },
      {
        list: "verify",
        id: "gone",
        name: "k8s_object_absent",
        reason: "It checks @everyone <b>dropped</b> step.",
      },
    ]);
    const body = renderPlanBody(
      planView({ ...base, metadata: { ...base.metadata, planner: "llm:m", labels } }),
    );
    expect(body).toContain(
      "> [!NOTE]\n> Skyflo dropped what the planner proposed beyond this repository's and server's policy:",
    );
    const first = body.indexOf(
      '> - step delete-kube-system (k8s\\_delete): Namespace "kube-system" is denied by policy.',
    );
    const second = body.indexOf("> - check gone");
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(body).not.toContain("@everyone");
    expect(body).not.toContain("<b>");
  });

  it("says nothing when nothing was dropped", () => {
    const body = renderPlanBody(
      planView({ ...base, metadata: { ...base.metadata, labels: planLabels(emptyStats("m"), []) } }),
    );
    expect(body).not.toContain("Skyflo dropped");
  });

  it("keeps within the plan's 32 labels however much was dropped", () => {
    const dropped = Array.from({ length: 40 }, (_, i) => ({
      list: "steps" as const,
      id: `s${i}`,
      name: "k8s_delete",
      reason: "x".repeat(400),
    }));
    const labels = planLabels(emptyStats("m"), dropped);
    expect(Object.keys(labels).length).toBeLessThanOrEqual(32);
    expect(labels["skyflo.dev/dropped-more"]).toBe("16 more");
    expect(Object.values(labels).every((value) => value.length <= 256)).toBe(true);
    expect(() => planView({ ...base, metadata: { ...base.metadata, labels } })).not.toThrow();
  });
});
