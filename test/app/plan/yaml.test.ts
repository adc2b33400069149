import { describe, expect, it } from "vitest";
import {
  MAX_PLAN_FILE_BYTES,
  PLAN_FILE_HEADER,
  type Plan,
  PlanValidationError,
  planDigest,
  readPlan,
  writePlan,
} from "../../../app/plan/index.ts";
import {
  BLOCK_EXAMPLE,
  DESIGN_EXAMPLE,
  edit,
  errorsOf,
  examplePlan,
  minimalPlanInput,
  planOf,
} from "./plan-fixtures.ts";

/** BLOCK_EXAMPLE with the step's args replaced by `yaml` (a flow mapping or block lines). */
function withArgs(yaml: string): string {
  return edit(
    BLOCK_EXAMPLE,
    "    args:\n      namespace: shop\n      kind: Deployment\n      name: web\n      replicas: 5\n",
    `    args: ${yaml}\n`,
  );
}

describe("readPlan: YAML the plan refuses", () => {
  it("reports a syntax error with the yaml package's message, line and column", () => {
    const result = readPlan(edit(BLOCK_EXAMPLE, "    tool: k8s_scale", "    tool: [k8s_scale"));
    expect(result.ok === false && result.errors).toEqual([
      {
        path: "",
        message:
          "YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
        line: 16,
        column: 5,
      },
    ]);
  });

  it("refuses a second document", () => {
    expect(errorsOf(`${BLOCK_EXAMPLE}---\n${BLOCK_EXAMPLE}`)).toEqual([
      "a plan file holds exactly one YAML document; remove the '---' line and everything after it (line 38)",
    ]);
  });

  it("refuses duplicate keys, naming the key and where it is", () => {
    expect(
      errorsOf(edit(BLOCK_EXAMPLE, "      replicas: 5", "      replicas: 5\n      replicas: 50")),
    ).toEqual([
      'steps[0].args: duplicate field "replicas": a field may appear only once; keep one (line 21)',
    ]);
    expect(errorsOf(edit(BLOCK_EXAMPLE, "kind: Plan", "kind: Plan\nkind: Plan"))).toEqual([
      'duplicate field "kind": a field may appear only once; keep one (line 3)',
    ]);
  });

  it("refuses anchors and aliases", () => {
    const text = edit(
      edit(
        BLOCK_EXAMPLE,
        "    args:\n      namespace: shop\n      kind: Deployment\n      name: web\n      replicas",
        "    args: &web\n      namespace: shop\n      kind: Deployment\n      name: web\n      replicas",
      ),
      "    args:\n      namespace: shop\n      kind: Deployment\n      name: web\n    timeoutSeconds",
      "    args: *web\n    timeoutSeconds",
    );
    expect(errorsOf(text)).toEqual([
      "steps[0].args: anchors (&web) are not allowed in a plan; write each value out in full (line 16)",
      "verify[0].args: aliases (*web) are not allowed in a plan; write the value out in full (line 25)",
    ]);
  });

  it("refuses an alias bomb without expanding it", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    // Expanded, this is 10^10 nodes: the test could not finish if anything resolved the aliases.
    const bomb = withArgs(`\n      ${levels.join("\n      ")}`);
    const errors = errorsOf(bomb);
    expect(errors).toHaveLength(10 + 90); // 10 anchors and 90 aliases, each reported where it is
    expect(errors[0]).toBe(
      "steps[0].args.a: anchors (&a) are not allowed in a plan; write each value out in full (line 17)",
    );
    expect(errors[1]).toBe(
      "steps[0].args.b: anchors (&b) are not allowed in a plan; write each value out in full (line 18)",
    );
    expect(errors[2]).toBe(
      "steps[0].args.b[0]: aliases (*a) are not allowed in a plan; write the value out in full (line 18)",
    );
  });

  it("refuses tags, custom and standard alike", () => {
    expect(errorsOf(withArgs("{payload: !!binary aGVsbG8=}"))).toEqual([
      "steps[0].args.payload: tags (!!binary) are not allowed in a plan; write plain values (quote text if needed) (line 16)",
    ]);
    expect(errorsOf(withArgs("{at: !!timestamp 2026-01-01}"))).toEqual([
      "steps[0].args.at: tags (!!timestamp) are not allowed in a plan; write plain values (quote text if needed) (line 16)",
    ]);
    expect(errorsOf(withArgs('{run: !!js/function "function () {}"}'))).toEqual([
      "steps[0].args.run: tags (!!js/function) are not allowed in a plan; write plain values (quote text if needed) (line 16)",
    ]);
    expect(errorsOf(withArgs("{x: !custom 1}"))).toEqual([
      "steps[0].args.x: tags (!custom) are not allowed in a plan; write plain values (quote text if needed) (line 16)",
    ]);
    expect(errorsOf(withArgs("{replicas: !!str 5}"))).toEqual([
      "steps[0].args.replicas: tags (!!str) are not allowed in a plan; write plain values (quote text if needed) (line 16)",
    ]);
    expect(errorsOf(withArgs("!!map {a: 1}"))).toEqual([
      "steps[0].args: tags (!!map) are not allowed in a plan; write plain values (quote text if needed) (line 16)",
    ]);
  });

  it("refuses YAML directives, which could switch to YAML 1.1 types", () => {
    expect(errorsOf(`%YAML 1.1\n---\n${BLOCK_EXAMPLE}`)).toEqual([
      "YAML directives (%YAML, %TAG) are not allowed in a plan; remove the line (line 1)",
    ]);
    expect(errorsOf(`%TAG !e! tag:example.com,2000:\n---\n${BLOCK_EXAMPLE}`)).toEqual([
      "YAML directives (%YAML, %TAG) are not allowed in a plan; remove the line (line 1)",
    ]);
  });

  it("reads YAML 1.1 look-alikes as text, so on/yes/dates are not booleans or timestamps", () => {
    const { plan } = planOf(withArgs("{on: yes, when: 2026-01-01, octal: 0755, time: 1:30}"));
    expect(plan.steps[0]?.args).toEqual({ on: "yes", when: "2026-01-01", octal: 755, time: "1:30" });
  });

  it("refuses files over the size limit before parsing them", () => {
    const padding = `# ${"x".repeat(1000)}\n`.repeat(Math.ceil(MAX_PLAN_FILE_BYTES / 1000));
    const text = BLOCK_EXAMPLE + padding;
    const kib = (Buffer.byteLength(text) / 1024).toFixed(1);
    expect(errorsOf(text)).toEqual([
      `the file is ${kib} KiB, over the 256.0 KiB limit for a plan; split the change into smaller plans`,
    ]);
    // Multi-byte characters count as bytes, not characters.
    const wide = `${BLOCK_EXAMPLE}# ${"é".repeat(MAX_PLAN_FILE_BYTES / 2)}\n`;
    expect(wide.length).toBeLessThan(MAX_PLAN_FILE_BYTES + BLOCK_EXAMPLE.length);
    expect(errorsOf(wide)[0]).toMatch(/^the file is 25\d\.\d KiB, over the 256\.0 KiB limit/);
  });

  it("accepts a file just under the size limit", () => {
    const room = MAX_PLAN_FILE_BYTES - Buffer.byteLength(BLOCK_EXAMPLE) - 3;
    expect(readPlan(`${BLOCK_EXAMPLE}# ${"x".repeat(room)}\n`).ok).toBe(true);
  });

  it("refuses deep nesting, flow or block, without overflowing the stack", () => {
    const deep = withArgs(`{a: ${"[".repeat(100)}1${"]".repeat(100)}}`);
    expect(errorsOf(deep)).toEqual([
      `steps[0].args.a${"[0]".repeat(60)}: nested more than 64 levels deep; flatten it (line 16)`,
    ]);
    const huge = withArgs(`{a: ${"[".repeat(50_000)}${"]".repeat(50_000)}}`);
    expect(errorsOf(huge)).toEqual(["the YAML is nested too deeply (the limit is 64 levels) (line 16)"]);
  });

  it("refuses keys that are not text", () => {
    expect(errorsOf(withArgs("{1: a}"))).toEqual([
      "steps[0].args: field names must be text, got 1; quote it if it is a name (line 16)",
    ]);
    expect(errorsOf(withArgs("{true: a, null: b}"))).toEqual([
      "steps[0].args: field names must be text, got true; quote it if it is a name (line 16)",
      "steps[0].args: field names must be text, got null; quote it if it is a name (line 16)",
    ]);
    expect(errorsOf(withArgs("\n      ? [a, b]\n      : c"))).toEqual([
      "steps[0].args: field names must be text, got a list or mapping; quote it if it is a name (line 17)",
    ]);
    expect(planOf(withArgs('{"1": a}')).plan.steps[0]?.args).toEqual({ "1": "a" });
  });

  it("refuses an empty file, a comment-only file and an empty document", () => {
    const empty = "the file is empty; expected a plan (apiVersion: skyflo/v1, kind: Plan, …)";
    expect(errorsOf("")).toEqual([empty]);
    expect(errorsOf("# nothing here\n")).toEqual([empty]);
    expect(errorsOf("---\n")).toEqual([empty]);
  });

  it("accepts Windows line endings, with the same lines", () => {
    const crlf = BLOCK_EXAMPLE.replace(/\n/g, "\r\n");
    expect(planOf(crlf).plan).toEqual(examplePlan());
    expect(errorsOf(edit(crlf, "kind: Plan", "kind: Plan2"))).toEqual([
      'kind: expected "Plan", got "Plan2" (line 2)',
    ]);
  });

  it("refuses something that is not text, without throwing", () => {
    expect(errorsOf(Buffer.from(BLOCK_EXAMPLE) as unknown as string)).toEqual([
      "expected the plan file's text, got object",
    ]);
  });

  it("accepts a byte-order mark and an explicit document start", () => {
    expect(planOf(`\ufeff${BLOCK_EXAMPLE}`).plan).toEqual(examplePlan());
    expect(planOf(`---\n${BLOCK_EXAMPLE}`).plan).toEqual(examplePlan());
    expect(planOf(`---\n${BLOCK_EXAMPLE}...\n`).plan).toEqual(examplePlan());
  });
});

describe("readPlan: values that are not plain JSON", () => {
  it("refuses .nan and .inf, quoting them as written", () => {
    expect(errorsOf(withArgs("{a: .nan, b: .inf, c: -.Inf}"))).toEqual([
      "steps[0].args.a: expected a finite number, got .nan (line 16)",
      "steps[0].args.b: expected a finite number, got .inf (line 16)",
      "steps[0].args.c: expected a finite number, got -.Inf (line 16)",
    ]);
  });

  it("refuses numbers too large to read back exactly", () => {
    expect(errorsOf(withArgs("{id: 9007199254740993, big: 1e400}"))).toEqual([
      "steps[0].args.id: expected a whole number within ±9007199254740991 (larger ones lose precision; quote it to keep it as text), got 9007199254740993 (line 16)",
      "steps[0].args.big: expected a finite number, got 1e400 (line 16)",
    ]);
    expect(planOf(withArgs("{id: 9007199254740991, f: 0.1}")).plan.steps[0]?.args).toEqual({
      id: 9007199254740991,
      f: 0.1,
    });
  });

  it("refuses __proto__ keys and leaves every prototype alone", () => {
    expect(errorsOf(withArgs("{__proto__: {polluted: true}}"))).toEqual([
      'steps[0].args.__proto__: the field name "__proto__" is not allowed (line 16)',
    ]);
    expect(errorsOf(edit(BLOCK_EXAMPLE, "kind: Plan", "kind: Plan\n__proto__: {steps: []}"))).toEqual([
      '__proto__: the field name "__proto__" is not allowed (line 3)',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("keeps constructor and prototype as ordinary data", () => {
    const { plan } = planOf(withArgs("{constructor: {name: x}, prototype: {polluted: true}, toString: 1}"));
    const args = plan.steps[0]?.args as Record<string, unknown>;
    expect(Object.keys(args)).toEqual(["constructor", "prototype", "toString"]);
    expect(args.constructor).toEqual({ name: "x" });
    expect(Object.getPrototypeOf(args)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect({}.constructor).toBe(Object);
  });

  it("refuses invisible and bidirectional control characters", () => {
    expect(errorsOf(withArgs('{name: "web\\u202Etxt"}'))).toEqual([
      "steps[0].args.name: contains an invisible or control character (U+202E) that could hide what reviewers read; remove it (line 16)",
    ]);
    expect(
      errorsOf(
        edit(
          BLOCK_EXAMPLE,
          "    reason: Scale web from 3 to 5 replicas as requested.",
          '    reason: "\\u200BScale web"',
        ),
      ),
    ).toEqual([
      "steps[0].reason: contains an invisible or control character (U+200B) that could hide what reviewers read; remove it (line 21)",
    ]);
    expect(errorsOf(withArgs('{"na\\u0000me": web}'))).toEqual([
      'steps[0].args["na\\u0000me"]: the field name "na\\u0000me" contains an invisible or control character (U+0000) that could hide what reviewers read; remove it (line 16)',
    ]);
    // Tabs, line breaks and joiners that scripts need are fine.
    expect(readPlan(withArgs('{note: "a\\tb\\r\\nc \\u200D"}')).ok).toBe(true);
  });

  it("refuses broken Unicode (an unpaired surrogate)", () => {
    expect(errorsOf(withArgs('{name: "\\uD800"}'))).toEqual([
      "steps[0].args.name: contains a broken Unicode character (an unpaired surrogate); use valid text (line 16)",
    ]);
  });
});

describe("writePlan", () => {
  it("writes deterministic YAML with the header, key order and defaults written out", () => {
    const text = writePlan(minimalPlanInput());
    expect(text).toBe(`# Generated by Skyflo. Approval covers this exact plan: a push to this file voids every
# approval given so far; Skyflo checks the edited plan, shows its new dry-run diffs, and whoever
# pushed cannot approve it. To plan again from the request, comment /skyflo replan.

apiVersion: skyflo/v1
kind: Plan
metadata:
  id: 7-restart-api
  request:
    text: restart api
    by: bob
    url: https://gitlab.example.com/g/p/-/issues/7#note_1
  planner: llm:gpt-4o-mini
  createdAt: "2026-11-25T10:00:00+01:00"
target:
  cluster: default
steps:
  - id: restart
    tool: k8s_rollout_restart
    args: {namespace: api, name: api}
    reason: Asked.
verify: []
`);
    expect(
      text.startsWith(
        PLAN_FILE_HEADER.split("\n")
          .map((l) => `#${l}`)
          .join("\n"),
      ),
    ).toBe(true);
  });

  it("round-trips the DESIGN.md example: same plan, same digest", () => {
    const { plan, digest } = planOf(DESIGN_EXAMPLE);
    const again = planOf(writePlan(plan));
    expect(again.plan).toEqual(plan);
    expect(again.digest).toBe(digest);
    expect(writePlan(again.plan)).toBe(writePlan(plan));
  });

  it("does not depend on the key order of the object it is given", () => {
    const plan = examplePlan();
    const shuffled = JSON.parse(
      JSON.stringify(plan, (_key, value) =>
        value && typeof value === "object" && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).reverse())
          : value,
      ),
    ) as Plan;
    expect(Object.keys(shuffled)).toEqual(["verify", "steps", "target", "metadata", "kind", "apiVersion"]);
    const keysOfArgs = Object.keys(shuffled.steps[0]?.args ?? {});
    const text = writePlan(shuffled);
    // Fixed order for the plan's own keys; args keep the order they were given in.
    expect(text).toContain(`  - id: scale-web\n    tool: k8s_scale\n    args: {${keysOfArgs[0]}: `);
    expect(text.indexOf("apiVersion:")).toBeLessThan(text.indexOf("kind:"));
    expect(text.indexOf("metadata:")).toBeLessThan(text.indexOf("target:"));
    expect(text.indexOf("target:")).toBeLessThan(text.indexOf("steps:"));
    expect(text.indexOf("steps:")).toBeLessThan(text.indexOf("verify:"));
    expect(planOf(text).digest).toBe(planDigest(plan));
  });

  it("round-trips text that YAML could misread", () => {
    const tricky = [
      "yes",
      "no",
      "on",
      "off",
      "y",
      "n",
      "true",
      "null",
      "~",
      "",
      " ",
      "5",
      "0755",
      "0x1F",
      "1e3",
      ".inf",
      "-.nan",
      "2026-11-25",
      "2026-11-25T10:00:00Z",
      "1:30",
      "# not a comment",
      "a # b",
      "key: value",
      "- item",
      "[a, b]",
      "{a: b}",
      "&anchor",
      "*alias",
      "!tag",
      "%directive",
      "@at",
      "`tick",
      "'single'",
      '"double"',
      "|",
      ">",
      "---",
      "...",
      "?",
      ":",
      "multi\nline\n",
      "trailing spaces  \n  leading",
      "\ttab",
      "crlf\r\nline",
      "emoji 🚀",
      "中文",
      "x".repeat(500),
      "ends with newline\n\n",
      "back\\slash",
    ];
    const plan = examplePlan();
    plan.steps[0] = {
      id: "tricky",
      tool: "k8s_apply",
      args: Object.fromEntries(tricky.map((value, i) => [`k${i}`, value])),
      reason: "multi\nline reason: with # and 'quotes'",
    };
    plan.metadata.request.text = "scale web\r\nto 5: now # please \u200b\u202e\u0007";
    plan.metadata.labels = { "skyflo.dev/b": "yes", a: "on" };
    const { plan: back, digest } = planOf(writePlan(plan));
    expect(back).toEqual(plan);
    expect(digest).toBe(planDigest(plan));
  });

  it("round-trips tricky keys and nested values", () => {
    const plan = examplePlan();
    plan.steps[0] = {
      id: "apply",
      tool: "k8s_apply",
      args: {
        "app.kubernetes.io/name": "web",
        "": "empty key",
        on: true,
        "123": 1,
        "a b": [1, -0.5, 1.5e-7, 123.456, null, false, "x"],
        manifest: {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "web", labels: { app: "web" }, annotations: {} },
          spec: {
            replicas: 3,
            template: { spec: { containers: [{ name: "web", image: "nginx:1.27", args: [] }] } },
          },
        },
        empty: {},
        list: [],
      },
      reason: "r",
    };
    const { plan: back } = planOf(writePlan(plan));
    expect(back).toEqual(plan);
  });

  it("round-trips generated plans", () => {
    // A small seeded generator: deterministic, so a failure can be reproduced.
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const texts = ["web", "yes", "", "5", "a: b", "# c", "x\ny", " lead", "trail ", "null", "é", "'", '"'];
    const value = (depth: number): unknown => {
      const kind = depth > 3 ? Math.floor(random() * 4) : Math.floor(random() * 6);
      if (kind === 0) return pick(texts);
      if (kind === 1) return Math.round((random() - 0.5) * 1e6) / pick([1, 10, 1000]);
      if (kind === 2) return pick([true, false, null]);
      if (kind === 3) return Math.floor(random() * 100);
      if (kind === 4) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, (_, i) => [`${pick(texts)}${i}`, value(depth + 1)]),
      );
    };
    for (let round = 0; round < 200; round++) {
      const plan = examplePlan();
      plan.steps[0] = {
        id: "s",
        tool: "t",
        args: { v: value(0) as never },
        reason: pick(texts.filter((t) => t.trim())),
      };
      const { plan: back, digest } = planOf(writePlan(plan));
      expect(back).toEqual(plan);
      expect(digest).toBe(planDigest(plan));
    }
  });

  it("writes short flat args on one line and the rest in block style", () => {
    const plan = examplePlan();
    plan.steps[0] = {
      id: "s",
      tool: "t",
      args: { namespace: "shop", nested: { a: 1 }, long: "y".repeat(120) },
      reason: "r",
    };
    const text = writePlan(plan);
    expect(text).toContain("    args:\n      namespace: shop\n      nested:\n        a: 1\n      long: yyy");
    expect(text).toContain("    args: {namespace: shop, kind: Deployment, name: web}\n");
  });

  it("throws PlanValidationError with readable errors for an invalid plan", () => {
    const plan = { ...minimalPlanInput(), kind: "Plans" };
    expect(() => writePlan(plan as never)).toThrow(PlanValidationError);
    expect(() => writePlan(plan as never)).toThrow('invalid plan:\n  - kind: expected "Plan", got "Plans"');
    try {
      writePlan(plan as never);
    } catch (error) {
      expect((error as PlanValidationError).errors).toEqual([
        { path: "kind", message: 'expected "Plan", got "Plans"' },
      ]);
    }
  });

  it("refuses to write a plan that readPlan would refuse for its size", () => {
    const plan = examplePlan();
    plan.steps = Array.from({ length: 50 }, (_, i) => ({
      id: `s${i}`,
      tool: "t",
      args: { blob: "z".repeat(6000) },
      reason: "r",
    }));
    expect(() => writePlan(plan)).toThrow(/over the 262144-byte limit; split it into smaller plans/);
  });
});
