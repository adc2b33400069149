import { describe, expect, it } from "vitest";
import { priorStateOf, proposeRollback, rollbackPlanId } from "../../../app/persist/rollback-plan.ts";
import { parsePlan } from "../../../app/plan/index.ts";
import { plannedArgsSchema } from "../../../app/planner/rules/index.ts";
import {
  applySecretStep,
  failed,
  planOf,
  restartStep,
  scaleStep,
  setImageStep,
  succeeded,
  undoStep,
} from "./persist-fixtures.ts";

const NOW = new Date("2026-11-25T11:00:00Z");

describe("proposeRollback", () => {
  it("scales back to the previous replica count and verifies it", () => {
    const { plan } = planOf([scaleStep()]);
    const proposal = proposeRollback(plan, [succeeded("scale-web", "k8s_scale")], {
      before: { "scale-web": { previousReplicas: 3 } },
      now: NOW,
    });
    expect(proposal.notes).toEqual([]);
    const rollback = proposal.plan;
    expect(rollback?.metadata).toEqual({
      id: "42-ship-web-rollback",
      request: {
        text: "rollback of 42-ship-web",
        by: "alice",
        url: "https://github.com/acme/shop/issues/42#issuecomment-1",
      },
      planner: "rules",
      createdAt: "2026-11-25T11:00:00.000Z",
      labels: { "rollback-of": "42-ship-web" },
    });
    expect(rollback?.steps).toEqual([
      {
        id: "undo-scale-web",
        tool: "k8s_scale",
        args: { namespace: "shop", kind: "Deployment", name: "web", replicas: 3 },
        reason: 'Undo step "scale-web": scale Deployment shop/web back to 3 replicas.',
      },
    ]);
    expect(rollback?.verify).toEqual([
      {
        id: "check-scale-web-replicas",
        check: "k8s_field_equals",
        args: { namespace: "shop", kind: "Deployment", name: "web", path: "spec.replicas", equals: 3 },
        timeoutSeconds: 300,
      },
    ]);
    // A valid plan by the same rules as any other (each step's args checked against its tool).
    expect(parsePlan(rollback, { toolArgs: plannedArgsSchema }).ok).toBe(true);
  });

  it("sets the previous image back, on the container the step changed", () => {
    const { plan } = planOf([setImageStep()]);
    const { plan: rollback, notes } = proposeRollback(plan, [succeeded("set-image-web", "k8s_set_image")], {
      before: { "set-image-web": { previousImage: "ghcr.io/acme/web:1.9", container: "web" } },
      now: NOW,
    });
    expect(notes).toEqual([]);
    expect(rollback?.steps.map((s) => [s.tool, s.args])).toEqual([
      [
        "k8s_set_image",
        {
          namespace: "shop",
          kind: "Deployment",
          name: "web",
          container: "web",
          image: "ghcr.io/acme/web:1.9",
        },
      ],
    ]);
    expect(rollback?.verify.map((v) => [v.id, v.check, v.args.path ?? null, v.args.equals ?? null])).toEqual([
      [
        "check-set-image-web-image",
        "k8s_field_equals",
        "spec.template.spec.containers[name=web].image",
        "ghcr.io/acme/web:1.9",
      ],
      ["check-set-image-web-rollout", "k8s_rollout_complete", null, null],
    ]);
  });

  it("undoes a rollout undo to the revision it came from, or to the previous one with a note", () => {
    const { plan } = planOf([undoStep()]);
    const known = proposeRollback(plan, [succeeded("undo-api", "k8s_rollout_undo")], {
      before: { "undo-api": { fromRevision: 7 } },
      now: NOW,
    });
    expect(known.notes).toEqual([]);
    expect(known.plan?.steps.map((s) => [s.id, s.tool, s.args])).toEqual([
      [
        "undo-undo-api",
        "k8s_rollout_undo",
        { namespace: "shop", kind: "Deployment", name: "api", toRevision: 7 },
      ],
    ]);
    expect(known.plan?.verify.map((v) => v.check)).toEqual(["k8s_rollout_complete"]);

    const unknown = proposeRollback(plan, [succeeded("undo-api", "k8s_rollout_undo")], { now: NOW });
    expect(unknown.plan?.steps[0]?.args).toEqual({ namespace: "shop", kind: "Deployment", name: "api" });
    expect(unknown.notes).toEqual([
      'Step "undo-api" (k8s_rollout_undo): the revision Deployment shop/api was at before was not kept, so the rollback goes to its previous revision; check k8s_rollout_history first.',
    ]);
  });

  it("mixed run: inverses in reverse order, notes for what cannot be undone, nothing for steps that did not run", () => {
    const { plan } = planOf([
      scaleStep("scale-web", 5),
      restartStep(),
      applySecretStep(),
      setImageStep(),
      scaleStep("scale-api", 4, "api"),
    ]);
    const { plan: rollback, notes } = proposeRollback(
      plan,
      [
        succeeded("scale-web", "k8s_scale"),
        succeeded("restart-web", "k8s_rollout_restart"),
        succeeded("apply-config", "k8s_apply"),
        failed("set-image-web", "k8s_set_image"),
        { id: "scale-api", tool: "k8s_scale", status: "skipped" },
      ],
      {
        before: {
          "scale-web": { previousReplicas: 2 },
          "set-image-web": { previousImage: "ghcr.io/acme/web:1.9" },
          "scale-api": { previousReplicas: 1 },
        },
        requestedBy: { by: "dave", url: "https://github.com/acme/shop/pull/9#issuecomment-5" },
        now: NOW,
      },
    );
    expect(rollback?.steps.map((s) => s.id)).toEqual(["undo-scale-web"]);
    expect(rollback?.metadata.request.by).toBe("dave");
    expect(notes).toEqual([
      'Step "apply-config" (k8s_apply) changed objects that cannot be restored automatically; restore them by hand from the diff in the plan PR (or from git history).',
      'Step "restart-web" (k8s_rollout_restart) replaced the pods of Deployment shop/web; a restart has no inverse, so nothing is rolled back for it.',
    ]);
  });

  it("reverses several changes of one workload and verifies only the final value", () => {
    const { plan } = planOf([scaleStep("scale-up", 5), scaleStep("scale-more", 7), setImageStep()]);
    const { plan: rollback } = proposeRollback(
      plan,
      [
        succeeded("scale-up", "k8s_scale"),
        succeeded("scale-more", "k8s_scale"),
        succeeded("set-image-web", "k8s_set_image"),
      ],
      {
        before: {
          "scale-up": { previousReplicas: 3 },
          "scale-more": { previousReplicas: 5 },
          "set-image-web": { previousImage: "ghcr.io/acme/web:1.9", container: "web" },
        },
        now: NOW,
      },
    );
    expect(rollback?.steps.map((s) => [s.id, s.args.replicas ?? s.args.image])).toEqual([
      ["undo-set-image-web", "ghcr.io/acme/web:1.9"],
      ["undo-scale-more", 5],
      ["undo-scale-up", 3],
    ]);
    const replicaChecks = rollback?.verify.filter((v) => v.args.path === "spec.replicas");
    expect(replicaChecks?.map((v) => v.args.equals)).toEqual([3]);
  });

  it("without the previous image of a Deployment, falls back to rollout undo and says so", () => {
    const { plan } = planOf([setImageStep()]);
    const { plan: rollback, notes } = proposeRollback(plan, [succeeded("set-image-web", "k8s_set_image")], {
      now: NOW,
    });
    expect(rollback?.steps.map((s) => [s.tool, s.args])).toEqual([
      ["k8s_rollout_undo", { namespace: "shop", kind: "Deployment", name: "web" }],
    ]);
    expect(notes[0]).toMatch(
      /previous image of Deployment shop\/web was not kept, so the rollback uses k8s_rollout_undo/,
    );
  });

  it("without the previous replica count, proposes no plan and says what to do", () => {
    const { plan } = planOf([scaleStep()]);
    expect(proposeRollback(plan, [succeeded("scale-web", "k8s_scale")], { now: NOW })).toEqual({
      notes: [
        'Step "scale-web" (k8s_scale) scaled Deployment shop/web, but its previous replica count was not kept; set it back by hand if needed.',
      ],
    });
  });

  it("includes the inverse of a step left in flight only when it is an absolute value, with a note", () => {
    const { plan } = planOf([scaleStep(), undoStep()]);
    const inFlight = {
      id: "scale-web",
      tool: "k8s_scale",
      status: "unknown" as const,
      startedAt: "2026-11-25T10:07:00Z",
    };
    const scale = proposeRollback(plan, [inFlight], {
      before: { "scale-web": { previousReplicas: 3 } },
      now: NOW,
    });
    expect(scale.plan?.steps.map((s) => s.args.replicas)).toEqual([3]);
    expect(scale.notes[0]).toMatch(/was in flight when the run stopped and may not have applied/);

    const undo = proposeRollback(
      plan,
      [succeeded("scale-web", "k8s_scale"), { id: "undo-api", tool: "k8s_rollout_undo", status: "unknown" }],
      { before: { "scale-web": { previousReplicas: 3 }, "undo-api": { fromRevision: 2 } }, now: NOW },
    );
    expect(undo.plan?.steps.map((s) => s.tool)).toEqual(["k8s_scale"]);
    expect(undo.notes[0]).toMatch(
      /\(k8s_rollout_undo\) was in flight when the run stopped; .*a second undo would move it again/,
    );
  });

  it("warns that a failed apply may have applied part of its objects", () => {
    const { plan } = planOf([applySecretStep()]);
    const { plan: rollback, notes } = proposeRollback(plan, [failed("apply-config", "k8s_apply")]);
    expect(rollback).toBeUndefined();
    expect(notes).toEqual([
      'Step "apply-config" (k8s_apply) failed and may have applied some of its objects before the error; check them and restore by hand.',
    ]);
  });

  it("says there is nothing to roll back when no step changed the cluster", () => {
    const { plan } = planOf([scaleStep()]);
    expect(proposeRollback(plan, [failed("scale-web", "k8s_scale")])).toEqual({
      notes: ["Nothing to roll back: no step changed the cluster."],
    });
    const unchanged = proposeRollback(plan, [succeeded("scale-web", "k8s_scale")], {
      before: { "scale-web": { previousReplicas: 5 } },
    });
    expect(unchanged.plan).toBeUndefined();
    expect(unchanged.notes).toEqual([
      'Step "scale-web" (k8s_scale) did not change Deployment shop/web (already 5 replicas).',
    ]);
  });

  it("turns a recorded value the tool would refuse into a note, never an invalid plan", () => {
    const { plan } = planOf([setImageStep()]);
    const { plan: rollback, notes } = proposeRollback(plan, [succeeded("set-image-web", "k8s_set_image")], {
      before: { "set-image-web": { previousImage: "not an image; rm -rf /", container: "web" } },
      now: NOW,
    });
    expect(rollback).toBeUndefined();
    expect(notes.at(-1)).toMatch(
      /^A rollback plan could not be built from what was recorded \(.*image.*\); roll back by hand\.$/,
    );
  });

  it("keeps the rollback id within 63 characters and the issue number first", () => {
    const { plan } = planOf([scaleStep()], [], `1234-${"a".repeat(58)}`);
    const { plan: rollback } = proposeRollback(plan, [succeeded("scale-web", "k8s_scale")], {
      before: { "scale-web": { previousReplicas: 3 } },
      now: NOW,
    });
    expect(rollback?.metadata.id.length).toBeLessThanOrEqual(63);
    expect(rollback?.metadata.id).toMatch(/^1234-a+-[0-9a-f]{8}-rollback$/);
    expect(rollbackPlanId("42-scale-web")).toBe("42-scale-web-rollback");
    expect(rollbackPlanId(`1234-${"a".repeat(58)}`)).not.toBe(rollbackPlanId(`1234-${"a".repeat(57)}b`));
  });
});

describe("priorStateOf", () => {
  it("reads the previous values from tool results", () => {
    expect(priorStateOf("k8s_scale", { previousReplicas: 3, replicas: 5 })).toEqual({ previousReplicas: 3 });
    expect(priorStateOf("k8s_set_image", { previousImage: "a:1", image: "a:2", container: "web" })).toEqual({
      previousImage: "a:1",
      container: "web",
    });
    expect(priorStateOf("k8s_rollout_undo", { fromRevision: 4, toRevision: 2 })).toEqual({ fromRevision: 4 });
  });

  it("returns undefined for other tools and malformed data", () => {
    expect(priorStateOf("k8s_apply", { objects: [] })).toBeUndefined();
    expect(priorStateOf("k8s_scale", { previousReplicas: "3" })).toBeUndefined();
    expect(priorStateOf("k8s_set_image", null)).toBeUndefined();
    expect(priorStateOf("k8s_rollout_undo", { toRevision: 2 })).toBeUndefined();
  });
});
