import { describe, expect, it } from "vitest";
import { PlanSchema, parsePlan, readPlan } from "../../../app/plan/index.ts";
import {
  BLOCK_EXAMPLE,
  DESIGN_EXAMPLE,
  edit,
  errorsOf,
  examplePlan,
  minimalPlanInput,
  planOf,
} from "./plan-fixtures.ts";

const DNS_LABEL_RULE =
  "expected a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit";
const NAME_RULE = "expected a name of lower-case letters, digits and '_', starting with a letter";

/** [what, from, to, errors as shown to a person] — each edit is applied to BLOCK_EXAMPLE. */
type Case = [string, string, string, string[]];

function runCases(cases: Case[]) {
  it.each(cases)("%s", (_what, from, to, expected) => {
    expect(errorsOf(edit(BLOCK_EXAMPLE, from, to))).toEqual(expected);
  });
}

describe("valid plans", () => {
  it("parses the DESIGN.md example, comments and flow style included", () => {
    const { plan, digest } = planOf(DESIGN_EXAMPLE);
    expect(plan).toEqual(examplePlan());
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("parses the same plan in block style to the same value and digest", () => {
    expect(planOf(BLOCK_EXAMPLE)).toEqual(planOf(DESIGN_EXAMPLE));
  });

  it("fills in defaults: target cluster, verify list and timeoutSeconds", () => {
    const text = edit(
      edit(BLOCK_EXAMPLE, "target:\n  cluster: default\n", ""),
      "    timeoutSeconds: 300\n",
      "",
    );
    const { plan } = planOf(text);
    expect(plan.target).toEqual({ cluster: "default" });
    expect(plan.verify.map((v) => v.timeoutSeconds)).toEqual([300, 300]);
    const withoutVerify = planOf(BLOCK_EXAMPLE.slice(0, BLOCK_EXAMPLE.indexOf("verify:")));
    expect(withoutVerify.plan.verify).toEqual([]);
    expect(planOf(edit(BLOCK_EXAMPLE, "target:\n  cluster: default", "target: {}")).plan.target).toEqual({
      cluster: "default",
    });
  });

  it("accepts the other allowed forms of metadata", () => {
    const plan = minimalPlanInput();
    plan.metadata.planner = "llm:meta-llama/Llama-3.1-8B-Instruct@2024";
    plan.metadata.request.by = "renovate[bot]";
    plan.metadata.createdAt = "2026-11-25T10:00:00.123-05:30";
    plan.metadata.labels = { team: "payments", "skyflo.dev/risk": "low" };
    const result = parsePlan(plan);
    expect(result.ok && result.plan.metadata).toEqual(plan.metadata);
  });

  it("accepts 50 steps and 50 verify entries", () => {
    const plan = minimalPlanInput();
    plan.steps = Array.from({ length: 50 }, (_, i) => ({ id: `s${i}`, tool: "t", args: {}, reason: "r" }));
    plan.verify = Array.from({ length: 50 }, (_, i) => ({ id: `v${i}`, check: "c", args: {} }));
    expect(parsePlan(plan).ok).toBe(true);
  });

  it("is usable as a plain zod schema too", () => {
    expect(PlanSchema.parse(minimalPlanInput()).verify).toEqual([]);
    expect(PlanSchema.safeParse({ ...minimalPlanInput(), extra: 1 }).success).toBe(false);
  });
});

describe("top level", () => {
  runCases([
    [
      "wrong apiVersion",
      "apiVersion: skyflo/v1",
      "apiVersion: skyflo/v2",
      ['apiVersion: expected "skyflo/v1", got "skyflo/v2" (line 1)'],
    ],
    ["wrong kind", "kind: Plan", "kind: plan", ['kind: expected "Plan", got "plan" (line 2)']],
    [
      "unknown field",
      "kind: Plan",
      "kind: Plan\nstepz: []",
      ['unknown field "stepz"; known fields: apiVersion, kind, metadata, target, steps, verify (line 3)'],
    ],
    [
      "misspelt required field",
      "steps:",
      "step:",
      [
        "steps: required field is missing (expected a list) (line 1)",
        'unknown field "step" — did you mean "steps"? (line 13)',
      ],
    ],
  ]);

  it("rejects a document that is not a mapping", () => {
    expect(errorsOf("just text")).toEqual(['expected a mapping (key: value), got "just text" (line 1)']);
    expect(errorsOf("- a\n- b\n")).toEqual([
      "expected a mapping (key: value), got a list of 2 items (line 1)",
    ]);
  });
});

describe("metadata", () => {
  runCases([
    [
      "id not <issue>-<slug>",
      "  id: 42-scale-web",
      "  id: Scale-Web",
      [
        `metadata.id: expected "<issue number>-<slug>" in lower case, such as "42-scale-web" (the slug: letters, digits and '-'), got "Scale-Web" (line 4)`,
      ],
    ],
    [
      "id without issue number",
      "  id: 42-scale-web",
      "  id: scale-web",
      [
        `metadata.id: expected "<issue number>-<slug>" in lower case, such as "42-scale-web" (the slug: letters, digits and '-'), got "scale-web" (line 4)`,
      ],
    ],
    [
      "id over 63 characters",
      "  id: 42-scale-web",
      `  id: 42-${"a".repeat(61)}`,
      ["metadata.id: expected at most 63 characters, got 64 characters (line 4)"],
    ],
    [
      "blank request text",
      "    text: scale web to 5 in shop",
      '    text: "  "',
      ['metadata.request.text: expected text that is not empty or only spaces, got "  " (line 6)'],
    ],
    [
      "empty request text",
      "    text: scale web to 5 in shop",
      '    text: ""',
      ['metadata.request.text: expected text that is not empty or only spaces, got "" (line 6)'],
    ],
    [
      "request text too long",
      "    text: scale web to 5 in shop",
      `    text: ${"x".repeat(4001)}`,
      ["metadata.request.text: expected at most 4000 characters, got 4001 characters (line 6)"],
    ],
    [
      "request by not a login",
      "    by: alice",
      "    by: -alice",
      [
        `metadata.request.by: expected a forge login: letters, digits, '.', '_' and '-' (a bot may end in "[bot]"), got "-alice" (line 7)`,
      ],
    ],
    [
      "request url not http(s)",
      "    url: https://github.com/acme/shop/issues/42#issuecomment-1",
      "    url: ftp://x.org/a",
      ['metadata.request.url: expected an http(s) URL, got "ftp://x.org/a" (line 8)'],
    ],
    [
      "request url not a URL",
      "    url: https://github.com/acme/shop/issues/42#issuecomment-1",
      "    url: not a url",
      ['metadata.request.url: expected an http(s) URL, got "not a url" (line 8)'],
    ],
    [
      "unknown request field",
      "    by: alice",
      "    by: alice\n    user: alice",
      ['metadata.request: unknown field "user"; known fields: text, by, url (line 8)'],
    ],
    [
      "missing request",
      "  request:\n    text: scale web to 5 in shop\n    by: alice\n    url: https://github.com/acme/shop/issues/42#issuecomment-1\n",
      "",
      ["metadata.request: required field is missing (expected a mapping (key: value)) (line 3)"],
    ],
    [
      "planner neither rules nor llm:<model>",
      "  planner: rules",
      "  planner: llm",
      ['metadata.planner: expected "rules" or "llm:<model>", such as "llm:gpt-4o-mini", got "llm" (line 9)'],
    ],
    [
      "createdAt without time zone",
      "  createdAt: 2026-11-25T10:00:00Z",
      "  createdAt: 2026-11-25T10:00:00",
      [
        'metadata.createdAt: expected an ISO-8601 date and time with a time zone, such as "2026-11-25T10:00:00Z", got "2026-11-25T10:00:00" (line 10)',
      ],
    ],
    [
      "createdAt not a date",
      "  createdAt: 2026-11-25T10:00:00Z",
      "  createdAt: yesterday",
      [
        'metadata.createdAt: expected an ISO-8601 date and time with a time zone, such as "2026-11-25T10:00:00Z", got "yesterday" (line 10)',
      ],
    ],
    [
      "unknown metadata field",
      "  planner: rules",
      "  planner: rules\n  owner: alice",
      ['metadata: unknown field "owner"; known fields: id, request, planner, createdAt, labels (line 10)'],
    ],
    [
      "label key not allowed",
      "  planner: rules",
      "  planner: rules\n  labels: {Team: x}",
      [
        `metadata.labels.Team: invalid key "Team": expected a label key: lower-case letters, digits, '-', '.', '_' and '/', got "Team" (line 10)`,
      ],
    ],
    [
      "labels not a mapping",
      "  planner: rules",
      "  planner: rules\n  labels: [a]",
      ["metadata.labels: expected a mapping (key: value), got a list of 1 item (line 10)"],
    ],
    [
      "label value not text",
      "  planner: rules",
      "  planner: rules\n  labels: {team: 5}",
      ["metadata.labels.team: expected text, got 5 (line 10)"],
    ],
  ]);

  it("allows at most 32 labels", () => {
    const labels = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`l${i}`, "x"]));
    const text = edit(
      BLOCK_EXAMPLE,
      "  planner: rules",
      `  planner: rules\n  labels: ${JSON.stringify(labels)}`,
    );
    expect(errorsOf(text)).toEqual(["metadata.labels: expected at most 32 labels, got a mapping (line 10)"]);
  });
});

describe("target", () => {
  runCases([
    [
      "cluster not a DNS label",
      "  cluster: default",
      "  cluster: Prod_1",
      [`target.cluster: ${DNS_LABEL_RULE}, got "Prod_1" (line 12)`],
    ],
    [
      "misspelt cluster",
      "  cluster: default",
      "  clustr: prod",
      ['target: unknown field "clustr" — did you mean "cluster"? (line 12)'],
    ],
  ]);
});

describe("steps", () => {
  runCases([
    [
      "no steps",
      BLOCK_EXAMPLE.slice(BLOCK_EXAMPLE.indexOf("steps:"), BLOCK_EXAMPLE.indexOf("verify:")),
      "steps: []\n",
      ["steps: expected at least 1 item, got an empty list (line 13)"],
    ],
    [
      "steps not a list",
      BLOCK_EXAMPLE.slice(BLOCK_EXAMPLE.indexOf("steps:"), BLOCK_EXAMPLE.indexOf("verify:")),
      "steps: scale web\n",
      ['steps: expected a list, got "scale web" (line 13)'],
    ],
    [
      "id not a DNS label",
      "  - id: scale-web",
      "  - id: Scale_Web",
      [`steps[0].id: ${DNS_LABEL_RULE}, got "Scale_Web" (line 14)`],
    ],
    [
      "id too long",
      "  - id: scale-web",
      `  - id: ${"a".repeat(64)}`,
      ["steps[0].id: expected at most 63 characters, got 64 characters (line 14)"],
    ],
    [
      "tool name not allowed",
      "    tool: k8s_scale",
      "    tool: K8s-Scale",
      [`steps[0].tool: ${NAME_RULE}, got "K8s-Scale" (line 15)`],
    ],
    [
      "args not a mapping",
      "    args:\n      namespace: shop\n      kind: Deployment\n      name: web\n      replicas: 5\n    reason",
      "    args: [shop]\n    reason",
      ["steps[0].args: expected a mapping (key: value), got a list of 1 item (line 16)"],
    ],
    [
      "args missing",
      "    args:\n      namespace: shop\n      kind: Deployment\n      name: web\n      replicas: 5\n    reason",
      "    reason",
      ["steps[0].args: required field is missing (expected a mapping (key: value)) (line 14)"],
    ],
    [
      "reason misspelt",
      "    reason: Scale web from 3 to 5 replicas as requested.",
      "    reasn: Scale web",
      [
        "steps[0].reason: required field is missing (expected text) (line 14)",
        'steps[0]: unknown field "reasn" — did you mean "reason"? (line 21)',
      ],
    ],
    [
      "reason empty",
      "    reason: Scale web from 3 to 5 replicas as requested.",
      "    reason:",
      ["steps[0].reason: expected text, got an empty value (line 21)"],
    ],
    [
      "reason only spaces",
      "    reason: Scale web from 3 to 5 replicas as requested.",
      '    reason: "   "',
      ['steps[0].reason: expected text that is not empty or only spaces, got "   " (line 21)'],
    ],
    [
      "reason too long",
      "    reason: Scale web from 3 to 5 replicas as requested.",
      `    reason: ${"r".repeat(2001)}`,
      ["steps[0].reason: expected at most 2000 characters, got 2001 characters (line 21)"],
    ],
    [
      "duplicate step id",
      "    reason: Scale web from 3 to 5 replicas as requested.\n",
      "    reason: Scale web from 3 to 5 replicas as requested.\n  - {id: scale-web, tool: k8s_scale, args: {}, reason: again}\n",
      [
        'steps[1].id: duplicate id "scale-web": steps[0] already uses it; step and verify ids must be unique within the plan (line 22)',
      ],
    ],
  ]);

  it("allows at most 50 steps", () => {
    const extra = Array.from(
      { length: 50 },
      (_, i) => `  - {id: s${i}, tool: t, args: {}, reason: r}\n`,
    ).join("");
    const text = edit(BLOCK_EXAMPLE, "verify:\n", `${extra}verify:\n`);
    expect(errorsOf(text)).toEqual(["steps: expected at most 50 items, got 51 (line 13)"]);
  });
});

describe("verify", () => {
  runCases([
    [
      "id not a DNS label",
      "  - id: web-rolled-out",
      "  - id: web.rolled.out",
      [`verify[0].id: ${DNS_LABEL_RULE}, got "web.rolled.out" (line 23)`],
    ],
    [
      "check name not allowed",
      "    check: k8s_rollout_complete",
      "    check: RolloutComplete",
      [`verify[0].check: ${NAME_RULE}, got "RolloutComplete" (line 24)`],
    ],
    [
      "timeout zero",
      "    timeoutSeconds: 300",
      "    timeoutSeconds: 0",
      ["verify[0].timeoutSeconds: expected a whole number between 1 and 3600, got 0 (line 29)"],
    ],
    [
      "timeout over an hour",
      "    timeoutSeconds: 300",
      "    timeoutSeconds: 3601",
      ["verify[0].timeoutSeconds: expected a whole number between 1 and 3600, got 3601 (line 29)"],
    ],
    [
      "timeout fractional",
      "    timeoutSeconds: 300",
      "    timeoutSeconds: 1.5",
      ["verify[0].timeoutSeconds: expected a whole number between 1 and 3600, got 1.5 (line 29)"],
    ],
    [
      "timeout quoted",
      "    timeoutSeconds: 300",
      '    timeoutSeconds: "300"',
      ['verify[0].timeoutSeconds: expected a whole number between 1 and 3600, got "300" (line 29)'],
    ],
    [
      "verify id reuses a step id",
      "  - id: web-replicas",
      "  - id: scale-web",
      [
        'verify[1].id: duplicate id "scale-web": steps[0] already uses it; step and verify ids must be unique within the plan (line 30)',
      ],
    ],
    [
      "duplicate verify id",
      "  - id: web-replicas",
      "  - id: web-rolled-out",
      [
        'verify[1].id: duplicate id "web-rolled-out": verify[0] already uses it; step and verify ids must be unique within the plan (line 30)',
      ],
    ],
    [
      "unknown verify field",
      "    timeoutSeconds: 300",
      "    timeout: 300",
      ['verify[0]: unknown field "timeout" — did you mean "timeoutSeconds"? (line 29)'],
    ],
  ]);

  it("allows at most 50 entries", () => {
    const extra = Array.from({ length: 49 }, (_, i) => `  - {id: v${i}, check: c, args: {}}\n`).join("");
    expect(errorsOf(`${BLOCK_EXAMPLE}${extra}`)).toEqual([
      "verify: expected at most 50 items, got 51 (line 22)",
    ]);
  });
});

describe("several mistakes at once", () => {
  it("reports all of them, in file order", () => {
    let text = edit(BLOCK_EXAMPLE, "kind: Plan", "kind: Plan2");
    text = edit(text, "  cluster: default", "  cluster: Default");
    text = edit(text, "    timeoutSeconds: 300", "    timeoutSeconds: -5");
    text = edit(text, "  - id: web-replicas", "  - id: scale-web");
    expect(errorsOf(text)).toEqual([
      'kind: expected "Plan", got "Plan2" (line 2)',
      `target.cluster: ${DNS_LABEL_RULE}, got "Default" (line 12)`,
      "verify[0].timeoutSeconds: expected a whole number between 1 and 3600, got -5 (line 29)",
      'verify[1].id: duplicate id "scale-web": steps[0] already uses it; step and verify ids must be unique within the plan (line 30)',
    ]);
  });

  it("gives each error a path, a line and a column", () => {
    const result = readPlan(edit(BLOCK_EXAMPLE, "      replicas: 5", "      replicas: five"));
    expect(result.ok).toBe(true); // args are free-form without a tool registry
    const bad = readPlan(edit(BLOCK_EXAMPLE, "  cluster: default", "  cluster: Default"));
    expect(bad.ok === false && bad.errors).toEqual([
      { path: "target.cluster", message: `${DNS_LABEL_RULE}, got "Default"`, line: 12, column: 3 },
    ]);
  });
});
