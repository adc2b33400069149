import { describe, expect, it } from "vitest";
import { formatPlanError, type PlanInput, parsePlan, planDigest } from "../../../app/plan/index.ts";
import { examplePlan, minimalPlanInput, REGISTRY } from "./plan-fixtures.ts";

/** The plan with its first step's args replaced. */
function withArgs(args: unknown): PlanInput {
  const plan = minimalPlanInput();
  plan.steps = [{ id: "s", tool: "t", args: args as never, reason: "r" }];
  return plan;
}

function errorsOf(value: unknown): string[] {
  const result = parsePlan(value);
  if (result.ok) throw new Error("expected the plan to be rejected");
  return result.errors.map(formatPlanError);
}

describe("parsePlan (plans built in code or parsed from JSON)", () => {
  it("returns the plan and its digest", () => {
    const result = parsePlan(examplePlan());
    expect(result).toEqual({ ok: true, plan: examplePlan(), digest: planDigest(examplePlan()) });
  });

  it("accepts JSON text parsed with JSON.parse (an LLM's answer)", () => {
    expect(parsePlan(JSON.parse(JSON.stringify(examplePlan())))).toEqual(parsePlan(examplePlan()));
  });

  it("checks args against tool schemas too, without line numbers", () => {
    const plan = examplePlan();
    (plan.steps[0] as { args: Record<string, unknown> }).args.replicas = -3;
    const result = parsePlan(plan, REGISTRY);
    expect(result.ok === false && result.errors).toEqual([
      { path: "steps[0].args.replicas", message: "expected a whole number ≥ 0, got -3" },
    ]);
  });

  it("refuses values that are not JSON: dates, binary data, maps, class instances, functions", () => {
    class Secret {
      value = "x";
    }
    expect(
      errorsOf(
        withArgs({
          when: new Date(0),
          blob: Buffer.from("x"),
          map: new Map(),
          secret: new Secret(),
          fn: () => 1,
        }),
      ),
    ).toEqual([
      "steps[0].args.when: expected a JSON value (text, number, true or false, null, list or mapping), got a date",
      "steps[0].args.blob: expected a JSON value (text, number, true or false, null, list or mapping), got binary data",
      "steps[0].args.map: expected a JSON value (text, number, true or false, null, list or mapping), got a Map",
      "steps[0].args.secret: expected a JSON value (text, number, true or false, null, list or mapping), got an object of class Secret",
      "steps[0].args.fn: expected a JSON value (text, number, true or false, null, list or mapping), got a function",
    ]);
  });

  it("refuses NaN, Infinity, unsafe integers and bigints", () => {
    expect(errorsOf(withArgs({ a: Number.NaN, b: Number.POSITIVE_INFINITY, c: 2 ** 60, d: 10n }))).toEqual([
      "steps[0].args.a: expected a finite number, got NaN",
      "steps[0].args.b: expected a finite number, got Infinity",
      "steps[0].args.c: expected a whole number within ±9007199254740991 (larger ones lose precision; quote it to keep it as text), got 1152921504606847000",
      "steps[0].args.d: expected a JSON value (text, number, true or false, null, list or mapping), got a bigint",
    ]);
  });

  it("refuses NaN in the plan's own fields as well", () => {
    const plan = {
      ...minimalPlanInput(),
      verify: [{ id: "v", check: "c", args: {}, timeoutSeconds: Number.NaN }],
    };
    expect(errorsOf(plan)).toEqual(["verify[0].timeoutSeconds: expected a finite number, got NaN"]);
  });

  it("refuses an own __proto__ key (from JSON.parse) and pollutes nothing", () => {
    const args = JSON.parse('{"__proto__": {"polluted": true}, "name": "web"}');
    expect(errorsOf(withArgs(args))).toEqual([
      'steps[0].args.__proto__: the field name "__proto__" is not allowed',
    ]);
    const plan = JSON.parse(
      JSON.stringify(minimalPlanInput()).replace('"kind"', '"__proto__":{"polluted":1},"kind"'),
    );
    expect(errorsOf(plan)).toEqual(['__proto__: the field name "__proto__" is not allowed']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps constructor and prototype as data, on a fresh object", () => {
    const args = JSON.parse('{"constructor": {"prototype": {"polluted": true}}, "prototype": 1}');
    const result = parsePlan(withArgs(args));
    expect(result.ok && result.plan.steps[0]?.args).toEqual({
      constructor: { prototype: { polluted: true } },
      prototype: 1,
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses symbol keys", () => {
    expect(errorsOf(withArgs({ [Symbol("s")]: 1 }))).toEqual([
      "steps[0].args: keys must be text, got Symbol(s)",
    ]);
  });

  it("refuses undefined inside args (JSON has no undefined)", () => {
    expect(errorsOf(withArgs({ a: undefined }))).toEqual([
      "steps[0].args.a: expected text, a number, true or false, null, a list or a mapping (key: value), got nothing",
    ]);
  });

  it("stops at cycles and deep nesting instead of overflowing the stack", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const errors = errorsOf(withArgs(cycle));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^steps\[0\]\.args(\.self){61}: nested more than 64 levels deep; flatten the arguments$/,
    );
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(errorsOf(withArgs({ deep }))[0]).toMatch(/nested more than 64 levels deep/);
  });

  it("refuses invisible characters in what executes, but keeps the request's own words", () => {
    const plan = minimalPlanInput();
    plan.metadata.request.text = "restart\u200b api \u200f\u202e";
    const result = parsePlan(plan);
    expect(result.ok && result.plan.metadata.request.text).toBe("restart\u200b api \u200f\u202e");
    plan.metadata.request.by = "bob\u200b";
    plan.metadata.planner = "llm:gpt\u202e";
    expect(errorsOf(plan)).toEqual([
      "metadata.request.by: contains an invisible or control character (U+200B) that could hide what reviewers read; remove it",
      "metadata.planner: contains an invisible or control character (U+202E) that could hide what reviewers read; remove it",
    ]);
    plan.metadata.request.text = "broken \ud800";
    expect(errorsOf(plan)[0]).toBe(
      "metadata.request.text: contains a broken Unicode character (an unpaired surrogate); use valid text",
    );
  });

  it("refuses things that are not a plan at all", () => {
    expect(errorsOf(null)).toEqual(["expected a mapping (key: value), got an empty value"]);
    expect(errorsOf([])).toEqual(["expected a mapping (key: value), got an empty list"]);
    expect(errorsOf("plan")).toEqual(['expected a mapping (key: value), got "plan"']);
    expect(errorsOf({})).toEqual([
      'apiVersion: required field is missing (expected "skyflo/v1")',
      'kind: required field is missing (expected "Plan")',
      "metadata: required field is missing (expected a mapping (key: value))",
      "steps: required field is missing (expected a list)",
    ]);
  });
});
