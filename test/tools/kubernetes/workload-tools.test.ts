// The workload tool list: exact names, annotations (the approval gate reads them) and schemas.
import { describe, expect, it } from "vitest";
import { workloadTools } from "../../../tools/kubernetes/workload-tools.ts";
import { isMutating } from "../../../tools/registry.ts";

describe("workloadTools", () => {
  it("has the six workload tools with exact annotations", () => {
    const annotations = Object.fromEntries(workloadTools.map((t) => [t.name, t.annotations]));
    expect(annotations).toEqual({
      k8s_rollout_status: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      k8s_rollout_history: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      k8s_scale: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      k8s_set_image: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
      k8s_rollout_restart: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
      k8s_rollout_undo: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
    });
  });

  it("gives every mutating tool a dryRun argument defaulting to false, and a namespace target", () => {
    for (const tool of workloadTools) {
      const args = tool.input.parse({
        namespace: "shop",
        kind: "deploy",
        name: "web",
        replicas: 1,
        image: "a:1",
      });
      expect(tool.targets(args)).toEqual([{ namespace: "shop" }]);
      if (isMutating(tool)) expect(args.dryRun).toBe(false);
      else expect(args.dryRun).toBeUndefined();
      expect(tool.description.length).toBeGreaterThan(200);
      expect(tool.family).toBe("kubernetes");
    }
  });
});
