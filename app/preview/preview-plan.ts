// Dry-run previews of a plan: every mutating step is run by its tool as a server-side dry run
// and its per-object diffs collected, for the plan PR. A failing dry run is reported in the
// preview (the PR shows it); nothing here throws for a tool's failure.
import type { Plan, PlanStep } from "../plan/index.ts";
import type { ToolCaller } from "../tool-caller.ts";

export interface ObjectPreview {
  key: string;
  changed: boolean;
  diff: string;
}

export interface StepPreview {
  stepId: string;
  tool: string;
  mutating: boolean;
  changed: boolean;
  objects: ObjectPreview[];
  summary: string;
  error?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function objectsOf(data: Record<string, unknown>): ObjectPreview[] {
  const objects = Array.isArray(data.objects) ? data.objects : [];
  return objects.filter(isRecord).map((o) => ({
    key: typeof o.key === "string" ? o.key : "unknown",
    changed: o.changed === true,
    diff: typeof o.diff === "string" ? o.diff : "",
  }));
}

async function previewStep(
  step: PlanStep,
  tools: ToolCaller,
  isMutatingTool: (name: string) => boolean,
): Promise<StepPreview> {
  const base = { stepId: step.id, tool: step.tool };
  if (!isMutatingTool(step.tool)) {
    return { ...base, mutating: false, changed: false, objects: [], summary: "Reads only; nothing changes." };
  }
  let result: Awaited<ReturnType<ToolCaller["call"]>>;
  try {
    result = await tools.call(step.tool, { ...step.args, dryRun: true });
  } catch (error) {
    result = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (!result.ok) {
    return {
      ...base,
      mutating: true,
      changed: false,
      objects: [],
      summary: `The dry run of ${step.tool} failed.`,
      error: result.error,
    };
  }
  const objects = objectsOf(result.data);
  const changed = result.data.changed === true || objects.some((o) => o.changed);
  return { ...base, mutating: true, changed, objects, summary: result.summary };
}

/**
 * One preview per step, in order. Each dry run sees the live cluster, not the effect of the
 * steps before it (a server-side dry run changes nothing), which is exact for one-step plans.
 */
export async function previewPlan(
  plan: Plan,
  tools: ToolCaller,
  isMutatingTool: (name: string) => boolean,
): Promise<StepPreview[]> {
  const previews: StepPreview[] = [];
  for (const step of plan.steps) previews.push(await previewStep(step, tools, isMutatingTool));
  return previews;
}
