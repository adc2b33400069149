// Structural scoring of a planning outcome against a task's expectations: the right tools on the
// right targets with the right arguments, the expected intents, order where it matters, nothing
// extra in the steps. A task passes when every dimension does.
import { isDeepStrictEqual } from "node:util";
import type { Plan } from "../app/plan/index.ts";
import type { ExpectedCall, Task } from "./task.ts";

export interface TaskScore {
  id: string;
  passed: boolean;
  /** Why it failed, one line each. */
  problems: string[];
}

type Call = { name: string; args: Record<string, unknown> };

const TARGET_KEYS = ["namespace", "kind", "name"];

function describe(call: ExpectedCall): string {
  return `${call.tool ?? call.check} ${JSON.stringify(call.args)}`;
}

function normalizeKind(value: unknown): unknown {
  return typeof value === "string" ? value.toLowerCase() : value;
}

function argsMatch(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  keys?: string[],
): boolean {
  return Object.entries(expected)
    .filter(([key]) => keys === undefined || keys.includes(key))
    .every(([key, value]) =>
      key === "kind"
        ? normalizeKind(value) === normalizeKind(actual[key])
        : isDeepStrictEqual(value, actual[key]),
    );
}

/** Index of the first unused call matching `expected` fully, else undefined; `near` tells what was close. */
function findCall(expected: ExpectedCall, calls: Call[], used: Set<number>) {
  const name = expected.tool ?? expected.check;
  let near: string | undefined;
  for (const [index, call] of calls.entries()) {
    if (used.has(index) || call.name !== name) continue;
    if (argsMatch(expected.args, call.args)) return { index };
    if (near === undefined) {
      near = argsMatch(expected.args, call.args, TARGET_KEYS)
        ? `right tool and target, wrong arguments: ${JSON.stringify(call.args)}`
        : `right tool, wrong target: ${JSON.stringify(call.args)}`;
    }
  }
  return { index: undefined, near };
}

export function scoreOutcome(
  task: Task,
  outcome: { ok: true; plan: Plan } | { ok: false; reply: string },
): TaskScore {
  const problems: string[] = [];
  if (!task.expect.plan) {
    if (outcome.ok)
      problems.push(`expected no plan, got ${outcome.plan.steps.map((s) => s.tool).join(", ")}`);
    return { id: task.id, passed: problems.length === 0, problems };
  }
  if (!outcome.ok) {
    return {
      id: task.id,
      passed: false,
      problems: [`no plan: ${outcome.reply.split("\n")[0]?.slice(0, 200)}`],
    };
  }
  const steps: Call[] = outcome.plan.steps.map((s) => ({ name: s.tool, args: s.args }));
  const used = new Set<number>();
  const order: number[] = [];
  for (const expected of task.expect.steps) {
    const found = findCall(expected, steps, used);
    if (found.index === undefined) {
      problems.push(`missing step ${describe(expected)}${found.near ? ` (${found.near})` : ""}`);
      continue;
    }
    used.add(found.index);
    order.push(found.index);
  }
  steps.forEach((step, index) => {
    if (!used.has(index)) problems.push(`unexpected step ${step.name} ${JSON.stringify(step.args)}`);
  });
  if (task.expect.ordered && order.some((value, i) => i > 0 && value < (order[i - 1] ?? -1))) {
    problems.push(`steps in the wrong order: ${steps.map((s) => s.name).join(" → ")}`);
  }
  const checks: Call[] = outcome.plan.verify.map((v) => ({ name: v.check, args: v.args }));
  const usedChecks = new Set<number>();
  for (const expected of task.expect.verify) {
    const found = findCall(expected, checks, usedChecks);
    if (found.index === undefined)
      problems.push(`missing intent ${describe(expected)}${found.near ? ` (${found.near})` : ""}`);
    else usedChecks.add(found.index);
  }
  return { id: task.id, passed: problems.length === 0, problems };
}
