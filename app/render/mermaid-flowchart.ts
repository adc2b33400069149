// The plan as a Mermaid flowchart: steps in order, then the checks that verify them.
import type { Plan } from "../plan/index.ts";
import { truncate } from "./markdown-text.ts";

const MAX_LABEL = 60;

/**
 * A node label Mermaid cannot misread: quotes, brackets, backticks (Markdown strings), "#"
 * (entity codes), "<" (HTML labels) and the like become spaces.
 */
export function mermaidLabel(text: string): string {
  const plain = text
    .replace(/[^A-Za-z0-9 _./:=,→-]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return truncate(plain, MAX_LABEL) || "step";
}

/** Mermaid source (no fence) for `steps` then `checks`; node ids are generated, never user text. */
export function planFlowchart(plan: Plan, stepLabels: string[], checkLabels: string[]): string {
  const lines = ["flowchart TD"];
  plan.steps.forEach((_step, index) => {
    lines.push(`  s${index + 1}["${mermaidLabel(stepLabels[index] ?? "")}"]`);
    if (index > 0) lines.push(`  s${index} --> s${index + 1}`);
  });
  const last = `s${plan.steps.length}`;
  plan.verify.forEach((_check, index) => {
    lines.push(`  c${index + 1}{{"${mermaidLabel(checkLabels[index] ?? "")}"}}`);
    lines.push(`  ${last} --> c${index + 1}`);
  });
  return lines.join("\n");
}
