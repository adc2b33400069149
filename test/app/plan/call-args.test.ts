import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatPlanError, parsePlan, readPlan } from "../../../app/plan/index.ts";
import { BLOCK_EXAMPLE, edit, errorsOf, examplePlan, planOf, REGISTRY } from "./plan-fixtures.ts";

/** BLOCK_EXAMPLE with the step turned into a call of `tool` with the given block-style args. */
function step(tool: string, argsLines: string): string {
  return edit(
    edit(BLOCK_EXAMPLE, "    tool: k8s_scale", `    tool: ${tool}`),
    "      namespace: shop\n      kind: Deployment\n      name: web\n      replicas: 5\n",
    argsLines,
  );
}

describe("readPlan with tool and check schemas", () => {
  it("accepts the example when every call matches its schema", () => {
    expect(planOf(BLOCK_EXAMPLE, REGISTRY).plan).toEqual(examplePlan());
  });

  it("says what a bad argument should be, with its line", () => {
    expect(errorsOf(edit(BLOCK_EXAMPLE, "      replicas: 5", "      replicas: -1"), REGISTRY)).toEqual([
      "steps[0].args.replicas: expected a whole number ≥ 0, got -1 (line 20)",
    ]);
    expect(errorsOf(edit(BLOCK_EXAMPLE, "      replicas: 5", "      replicas: 2.5"), REGISTRY)).toEqual([
      "steps[0].args.replicas: expected a whole number ≥ 0, got 2.5 (line 20)",
    ]);
    expect(errorsOf(edit(BLOCK_EXAMPLE, "      replicas: 5", "      replicas: five"), REGISTRY)).toEqual([
      'steps[0].args.replicas: expected a whole number ≥ 0, got "five" (line 20)',
    ]);
  });

  it("lists the choices of an enum", () => {
    expect(
      errorsOf(
        edit(
          BLOCK_EXAMPLE,
          "      kind: Deployment\n      name: web\n      replicas",
          "      kind: Deploymnt\n      name: web\n      replicas",
        ),
        REGISTRY,
      ),
    ).toEqual([
      'steps[0].args.kind: expected one of "Deployment", "StatefulSet", "ReplicaSet", got "Deploymnt" (line 18)',
    ]);
  });

  it("names unknown fields and suggests the one probably meant", () => {
    expect(errorsOf(edit(BLOCK_EXAMPLE, "      replicas: 5", "      replica: 5"), REGISTRY)).toEqual([
      "steps[0].args.replicas: required field is missing (expected a whole number ≥ 0) (line 16)",
      'steps[0].args: unknown field "replica" — did you mean "replicas"? (line 20)',
    ]);
  });

  it("refuses unknown tools and checks", () => {
    expect(errorsOf(edit(BLOCK_EXAMPLE, "    tool: k8s_scale", "    tool: k8s_scal"), REGISTRY)).toEqual([
      'steps[0].tool: unknown tool "k8s_scal" (line 15)',
    ]);
    expect(
      errorsOf(edit(BLOCK_EXAMPLE, "    check: k8s_field_equals", "    check: k8s_field_is"), REGISTRY),
    ).toEqual(['verify[1].check: unknown check "k8s_field_is" (line 31)']);
  });

  it("treats null from the lookup as unknown, like undefined", () => {
    const options = { toolArgs: () => null, checkArgs: () => null };
    expect(errorsOf(BLOCK_EXAMPLE, options)).toEqual([
      'steps[0].tool: unknown tool "k8s_scale" (line 15)',
      'verify[0].check: unknown check "k8s_rollout_complete" (line 24)',
      'verify[1].check: unknown check "k8s_field_equals" (line 31)',
    ]);
  });

  it("checks only what it was given a lookup for", () => {
    expect(
      readPlan(edit(BLOCK_EXAMPLE, "    check: k8s_field_equals", "    check: anything"), {
        toolArgs: REGISTRY.toolArgs,
      }).ok,
    ).toBe(true);
    expect(
      readPlan(edit(BLOCK_EXAMPLE, "    tool: k8s_scale", "    tool: anything"), {
        checkArgs: REGISTRY.checkArgs,
      }).ok,
    ).toBe(true);
  });

  it("reports argument mistakes together with the plan's own", () => {
    let text = edit(BLOCK_EXAMPLE, "kind: Plan", "kind: Plans");
    text = edit(text, "      replicas: 5", "      replicas: -1");
    text = edit(text, "    timeoutSeconds: 300", "    timeoutSeconds: 0");
    text = edit(text, "      path: spec.replicas", "      pth: spec.replicas");
    expect(errorsOf(text, REGISTRY)).toEqual([
      'kind: expected "Plan", got "Plans" (line 2)',
      "steps[0].args.replicas: expected a whole number ≥ 0, got -1 (line 20)",
      "verify[0].timeoutSeconds: expected a whole number between 1 and 3600, got 0 (line 29)",
      "verify[1].args.path: required field is missing (expected text) (line 32)",
      'verify[1].args: unknown field "pth" — did you mean "path"? (line 36)',
    ]);
  });

  it("skips the args check for calls the plan schema already refuses", () => {
    expect(errorsOf(edit(BLOCK_EXAMPLE, "    tool: k8s_scale", "    tool: Bad-Name"), REGISTRY)).toEqual([
      "steps[0].tool: expected a name of lower-case letters, digits and '_', starting with a letter, got \"Bad-Name\" (line 15)",
    ]);
  });
});

describe("args must be exactly what runs", () => {
  it("refuses a field the tool's schema would silently drop", () => {
    expect(
      errorsOf(
        step(
          "k8s_delete",
          "      namespace: shop\n      name: web\n      dryRun: true\n      dryrun: true\n",
        ),
        REGISTRY,
      ),
    ).toEqual(['steps[0].args: unknown field "dryrun"; the tool ignores it (line 20)']);
    expect(
      errorsOf(step("k8s_delete", "      namespace: shop\n      name: web\n      dryrn: true\n"), REGISTRY),
    ).toEqual(['steps[0].args: unknown field "dryrn" — did you mean "dryRun"? (line 19)']);
  });

  it("refuses to leave a default to the tool: the approval must cover it", () => {
    expect(errorsOf(step("k8s_delete", "      namespace: shop\n      name: web\n"), REGISTRY)).toEqual([
      'steps[0].args: "dryRun" is not set and the tool would use false; write it out so the approval covers it (line 16)',
    ]);
    expect(
      readPlan(step("k8s_delete", "      namespace: shop\n      name: web\n      dryRun: false\n"), REGISTRY)
        .ok,
    ).toBe(true);
  });

  it("refuses a value the tool's schema would transform", () => {
    const toolArgs = (name: string) =>
      name === "k8s_scale"
        ? z.object({
            name: z.string().trim(),
            labels: z.array(z.string().toLowerCase()),
            when: z.coerce.date(),
          })
        : undefined;
    const text = step("k8s_scale", '      name: " web "\n      labels: [a, B]\n      when: "2026-01-01"\n');
    expect(errorsOf(text, { toolArgs })).toEqual([
      'steps[0].args.name: the tool would change " web " to "web"; write the value it expects so the approval covers exactly what runs (line 17)',
      'steps[0].args.labels[1]: the tool would change "B" to "b"; write the value it expects so the approval covers exactly what runs (line 18)',
      'steps[0].args.when: the tool would change "2026-01-01" to a date; write the value it expects so the approval covers exactly what runs (line 19)',
    ]);
  });

  it("says 'check' for verify entries", () => {
    const withDefault = z.object({
      namespace: z.string(),
      kind: z.string(),
      name: z.string(),
      path: z.string(),
      equals: z.unknown(),
      wait: z.boolean().default(true),
    });
    const checkArgs = (name: string) =>
      name === "k8s_field_equals" ? withDefault : REGISTRY.checkArgs?.(name);
    expect(errorsOf(BLOCK_EXAMPLE, { checkArgs })).toEqual([
      'verify[1].args: "wait" is not set and the check would use true; write it out so the approval covers it (line 32)',
    ]);
    expect(
      errorsOf(edit(BLOCK_EXAMPLE, "      equals: 5", "      equals: 5\n      wiat: true"), { checkArgs }),
    ).toEqual(['verify[1].args: unknown field "wiat" — did you mean "wait"? (line 38)']);
  });
});

describe("tool schemas that misbehave fail closed", () => {
  it("reports a lookup that throws", () => {
    const toolArgs = () => {
      throw new Error("registry unavailable");
    };
    expect(errorsOf(BLOCK_EXAMPLE, { toolArgs })).toEqual([
      'steps[0].tool: could not look up tool "k8s_scale": Error: registry unavailable (line 15)',
    ]);
  });

  it("reports a schema that cannot be checked synchronously", () => {
    const toolArgs = () =>
      z
        .object({})
        .passthrough()
        .refine(async () => true);
    expect(errorsOf(BLOCK_EXAMPLE, { toolArgs })[0]).toMatch(
      /^steps\[0\]\.args: could not check the arguments of tool "k8s_scale": .+ \(line 16\)$/,
    );
  });
});

describe("messages from other kinds of tool schemas", () => {
  const plan = (args: Record<string, unknown>) => {
    const p = examplePlan();
    p.steps[0] = { id: "s", tool: "t", args: args as never, reason: "r" };
    return p;
  };
  const errors = (schema: z.ZodType, args: Record<string, unknown>) => {
    const result = parsePlan(plan(args), { toolArgs: () => schema });
    return result.ok ? [] : result.errors.map(formatPlanError);
  };

  it("discriminated unions name the allowed tags", () => {
    const schema = z.discriminatedUnion("mode", [
      z.object({ mode: z.literal("replace"), image: z.string() }),
      z.object({ mode: z.literal("patch"), patch: z.record(z.string(), z.unknown()) }),
    ]);
    expect(errors(schema, { mode: "merge" })).toEqual([
      'steps[0].args.mode: expected "replace" or "patch", got "merge"',
    ]);
    expect(errors(schema, {})).toEqual([
      'steps[0].args.mode: required field is missing (expected "replace" or "patch")',
    ]);
    expect(errors(schema, { mode: "replace", image: 1 })).toEqual([
      "steps[0].args.image: expected text, got 1",
    ]);
  });

  it("plain unions say the alternatives, or follow the branch that fits best", () => {
    const scalar = z.object({ port: z.union([z.int().min(1).max(65535), z.string().regex(/^[a-z-]+$/)]) });
    expect(errors(scalar, { port: true })).toEqual([
      "steps[0].args.port: expected a whole number between 1 and 65535 or text, got true",
    ]);
    const shapes = z.object({
      target: z.union([
        z.strictObject({ pod: z.string() }),
        z.strictObject({ deployment: z.string(), container: z.string() }),
      ]),
    });
    expect(errors(shapes, { target: { deployment: "web" } })).toEqual([
      "steps[0].args.target.container: required field is missing (expected text)",
    ]);
  });

  it("string formats and lengths", () => {
    const schema = z.object({
      email: z.email().optional(),
      url: z.url().optional(),
      prefix: z.string().startsWith("sha256:").optional(),
      short: z.string().max(3).optional(),
      exact: z.string().length(2).optional(),
      list: z.array(z.string()).min(2).optional(),
      step: z.number().multipleOf(5).optional(),
      above: z.number().gt(0).lt(10).optional(),
    });
    expect(errors(schema, { email: "nope" })).toEqual([
      'steps[0].args.email: expected an email address, got "nope"',
    ]);
    expect(errors(schema, { url: "nope" })).toEqual(['steps[0].args.url: expected a URL, got "nope"']);
    expect(errors(schema, { prefix: "md5:x" })).toEqual([
      'steps[0].args.prefix: expected text starting with "sha256:", got "md5:x"',
    ]);
    expect(errors(schema, { short: "abcd" })).toEqual([
      "steps[0].args.short: expected at most 3 characters, got 4 characters",
    ]);
    expect(errors(schema, { exact: "abc" })).toEqual([
      "steps[0].args.exact: expected exactly 2 characters, got 3 characters",
    ]);
    expect(errors(schema, { list: ["a"] })).toEqual(["steps[0].args.list: expected at least 2 items, got 1"]);
    expect(errors(schema, { step: 7 })).toEqual(["steps[0].args.step: expected a multiple of 5, got 7"]);
    expect(errors(schema, { above: 0 })).toEqual([
      "steps[0].args.above: expected a number > 0 and < 10, got 0",
    ]);
  });

  it("keeps messages the tool's author wrote, adding the value to 'expected …' ones", () => {
    const schema = z.object({
      namespace: z.string().refine((n) => n !== "kube-system", { error: "kube-system is off limits" }),
      name: z.string().regex(/^[a-z]+$/, { error: "expected a lower-case name" }),
    });
    expect(errors(schema, { namespace: "kube-system", name: "Web" })).toEqual([
      "steps[0].args.namespace: kube-system is off limits",
      'steps[0].args.name: expected a lower-case name, got "Web"',
    ]);
  });

  it("quotes long values truncated", () => {
    const schema = z.object({ name: z.literal("web") });
    expect(errors(schema, { name: "x".repeat(100) })).toEqual([
      `steps[0].args.name: expected "web", got "${"x".repeat(59)}…"`,
    ]);
  });

  it("writes awkward keys in the path so they can be found", () => {
    const schema = z.object({ labels: z.record(z.string(), z.string()) });
    expect(errors(schema, { labels: { "app.kubernetes.io/name": 1 } })).toEqual([
      'steps[0].args.labels["app.kubernetes.io/name"]: expected text, got 1',
    ]);
  });
});
