import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type Plan, PlanValidationError, planDigest, writePlan } from "../../../app/plan/index.ts";
import {
  BLOCK_EXAMPLE,
  DESIGN_EXAMPLE,
  edit,
  examplePlan,
  minimalPlanInput,
  planOf,
} from "./plan-fixtures.ts";

const digestOf = (text: string) => planOf(text).digest;
const BASE = digestOf(BLOCK_EXAMPLE);

describe("planDigest", () => {
  it('is "sha256:" and the hex SHA-256 of the RFC 8785 JSON of {target, steps, verify}', () => {
    // Written out by hand: keys sorted, no spaces, defaults present, metadata absent.
    const canonical =
      '{"steps":[{"args":{"kind":"Deployment","name":"web","namespace":"shop","replicas":5},"id":"scale-web",' +
      '"reason":"Scale web from 3 to 5 replicas as requested.","tool":"k8s_scale"}],"target":{"cluster":"default"},' +
      '"verify":[{"args":{"kind":"Deployment","name":"web","namespace":"shop"},"check":"k8s_rollout_complete",' +
      '"id":"web-rolled-out","timeoutSeconds":300},{"args":{"equals":5,"kind":"Deployment","name":"web",' +
      '"namespace":"shop","path":"spec.replicas"},"check":"k8s_field_equals","id":"web-replicas","timeoutSeconds":300}]}';
    const expected = `sha256:${createHash("sha256").update(canonical).digest("hex")}`;
    expect(planDigest(examplePlan())).toBe(expected);
    expect(BASE).toBe(expected);
  });

  it("is the digest readPlan returns", () => {
    expect(planDigest(planOf(DESIGN_EXAMPLE).plan)).toBe(digestOf(DESIGN_EXAMPLE));
  });

  it("applies defaults first, so leaving them out changes nothing", () => {
    const input = minimalPlanInput();
    const explicit = { ...input, target: { cluster: "default" }, verify: [] };
    expect(planDigest(input)).toBe(planDigest(explicit));
    const withTimeout = { ...input, verify: [{ id: "v", check: "c", args: {}, timeoutSeconds: 300 }] };
    const withoutTimeout = { ...input, verify: [{ id: "v", check: "c", args: {} }] };
    expect(planDigest(withTimeout)).toBe(planDigest(withoutTimeout));
  });

  it("throws PlanValidationError for an invalid plan: an invalid plan has no digest", () => {
    expect(() => planDigest({ ...minimalPlanInput(), steps: [] })).toThrow(PlanValidationError);
    expect(() => planDigest({ ...minimalPlanInput(), steps: [] })).toThrow(
      "steps: expected at least 1 item, got an empty list",
    );
  });

  it("canonicalizes numbers as RFC 8785 does: 5.0 and 5, 1e2 and 100 are the same", () => {
    const five = planDigest(examplePlan());
    const plan = examplePlan();
    (plan.steps[0] as { args: Record<string, unknown> }).args.replicas = 5.0;
    expect(planDigest(plan)).toBe(five);
    expect(digestOf(edit(BLOCK_EXAMPLE, "      replicas: 5", "      replicas: 5.0"))).toBe(BASE);
    expect(digestOf(edit(BLOCK_EXAMPLE, "      replicas: 5", "      replicas: 0x5"))).toBe(BASE);
    expect(digestOf(edit(BLOCK_EXAMPLE, "      replicas: 5", "      replicas: 5e0"))).toBe(BASE);
  });
});

describe("planDigest is stable under", () => {
  it("YAML style: flow vs block, comments, blank lines, quoting", () => {
    expect(digestOf(DESIGN_EXAMPLE)).toBe(BASE);
    const commented = BLOCK_EXAMPLE.replace(/\n/g, "   # note\n\n").replace(
      "apiVersion",
      "# top\napiVersion",
    );
    expect(digestOf(commented)).toBe(BASE);
    const quoted = edit(
      edit(
        BLOCK_EXAMPLE,
        "namespace: shop\n      kind: Deployment\n      name: web\n      replicas",
        "namespace: 'shop'\n      kind: \"Deployment\"\n      name: web\n      replicas",
      ),
      "  - id: scale-web",
      '  - id: "scale-web"',
    );
    expect(digestOf(quoted)).toBe(BASE);
    const folded = edit(
      BLOCK_EXAMPLE,
      "    reason: Scale web from 3 to 5 replicas as requested.",
      "    reason: >-\n      Scale web from 3 to 5\n      replicas as requested.",
    );
    expect(digestOf(folded)).toBe(BASE);
  });

  it("key order, at every level", () => {
    const reordered = `verify:
  - timeoutSeconds: 300
    args: {name: web, kind: Deployment, namespace: shop}
    check: k8s_rollout_complete
    id: web-rolled-out
  - args: {equals: 5, path: spec.replicas, name: web, kind: Deployment, namespace: shop}
    id: web-replicas
    check: k8s_field_equals
steps:
  - reason: Scale web from 3 to 5 replicas as requested.
    args: {replicas: 5, name: web, kind: Deployment, namespace: shop}
    tool: k8s_scale
    id: scale-web
target: {cluster: default}
metadata:
  createdAt: 2026-11-25T10:00:00Z
  planner: rules
  request: {url: "https://github.com/acme/shop/issues/42#issuecomment-1", by: alice, text: scale web to 5 in shop}
  id: 42-scale-web
kind: Plan
apiVersion: skyflo/v1
`;
    expect(digestOf(reordered)).toBe(BASE);
  });

  it("writing the plan out again", () => {
    expect(digestOf(writePlan(planOf(BLOCK_EXAMPLE).plan))).toBe(BASE);
  });

  it("any change to metadata: approval binds to what executes, not to how it is described", () => {
    const changes: Array<[string, string]> = [
      ["  id: 42-scale-web", "  id: 43-scale-web-now"],
      ["    text: scale web to 5 in shop", "    text: please scale web"],
      ["    by: alice", "    by: mallory"],
      ["    url: https://github.com/acme/shop/issues/42#issuecomment-1", "    url: https://example.com/x"],
      ["  planner: rules", "  planner: llm:gpt-4o"],
      ["  createdAt: 2026-11-25T10:00:00Z", "  createdAt: 2027-01-01T00:00:00Z"],
      ["  planner: rules", "  planner: rules\n  labels: {team: web}"],
    ];
    for (const [from, to] of changes) expect(digestOf(edit(BLOCK_EXAMPLE, from, to)), to).toBe(BASE);
  });
});

describe("planDigest changes when what executes changes", () => {
  const changes: Array<[string, string, string]> = [
    ["target cluster", "  cluster: default", "  cluster: prod"],
    ["step id", "  - id: scale-web", "  - id: scale-web-2"],
    ["tool", "    tool: k8s_scale", "    tool: k8s_scale_v2"],
    ["an argument value", "      replicas: 5", "      replicas: 6"],
    ['an argument\'s type (5 vs "5")', "      replicas: 5", '      replicas: "5"'],
    ["an argument name", "      replicas: 5", "      replica: 5"],
    ["an added argument", "      replicas: 5", "      replicas: 5\n      dryRun: false"],
    ["a removed argument", "      name: web\n      replicas: 5", "      replicas: 5"],
    ["null vs absent", "      replicas: 5", "      replicas: 5\n      selector: null"],
    [
      "string case",
      "      namespace: shop\n      kind: Deployment\n      name: web\n      replicas",
      "      namespace: Shop\n      kind: Deployment\n      name: web\n      replicas",
    ],
    ["trailing space in a value", "      name: web\n      replicas", '      name: "web "\n      replicas'],
    ["reason", "    reason: Scale web from 3 to 5 replicas as requested.", "    reason: Scale web."],
    ["verify id", "  - id: web-rolled-out", "  - id: web-rolled"],
    ["check", "    check: k8s_rollout_complete", "    check: k8s_rollout_started"],
    [
      "verify args",
      "      path: spec.replicas\n      equals: 5",
      "      path: spec.replicas\n      equals: 6",
    ],
    ["timeoutSeconds", "    timeoutSeconds: 300", "    timeoutSeconds: 301"],
  ];

  it.each(changes)("%s", (_what, from, to) => {
    expect(digestOf(edit(BLOCK_EXAMPLE, from, to))).not.toBe(BASE);
  });

  it("the order of steps or of verify entries", () => {
    const twoSteps = (first: string, second: string) =>
      `${BLOCK_EXAMPLE.slice(0, BLOCK_EXAMPLE.indexOf("steps:"))}steps:\n${first}${second}`;
    const a = "  - {id: a, tool: t, args: {}, reason: r}\n";
    const b = "  - {id: b, tool: t, args: {}, reason: r}\n";
    expect(digestOf(twoSteps(a, b))).not.toBe(digestOf(twoSteps(b, a)));
    const plan = examplePlan();
    const swapped: Plan = { ...plan, verify: [...plan.verify].reverse() };
    expect(planDigest(swapped)).not.toBe(planDigest(plan));
  });

  it("the order of items inside an argument list", () => {
    const list = (items: string) =>
      edit(BLOCK_EXAMPLE, "      replicas: 5", `      replicas: 5\n      ports: ${items}`);
    expect(digestOf(list("[80, 443]"))).not.toBe(digestOf(list("[443, 80]")));
  });

  it("adding a verify entry, or removing all of them", () => {
    const more = `${BLOCK_EXAMPLE}  - {id: extra, check: c, args: {}}\n`;
    expect(digestOf(more)).not.toBe(BASE);
    expect(digestOf(BLOCK_EXAMPLE.slice(0, BLOCK_EXAMPLE.indexOf("verify:")))).not.toBe(BASE);
  });
});
