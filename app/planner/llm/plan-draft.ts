// What the model answers with: a plan draft (steps, verification, a slug for the plan id), or why
// it cannot plan. Only the outline is checked here; the steps and checks are validated by the same
// Plan schema and tool schemas as every plan (build-plan.ts).
import { z } from "zod";

const CallSchema = z.object({
  id: z.string(),
  args: z.record(z.string(), z.unknown()),
});

export const PlanDraftSchema = z.object({
  slug: z
    .string()
    .max(60)
    .describe('Two to four words naming the change, e.g. "scale web"; becomes part of the plan id.'),
  steps: z
    .array(
      CallSchema.extend({
        tool: z.string(),
        reason: z.string().describe("Why this step is needed, for the reviewers."),
      }),
    )
    .describe("Tool calls, in the order they run."),
  verify: z
    .array(
      CallSchema.extend({
        check: z.string(),
        timeoutSeconds: z.int().optional(),
      }),
    )
    .describe("Checks of the cluster after the steps ran."),
  cannotPlan: z
    .string()
    .optional()
    .describe("Instead of steps: why this request cannot be planned with the tools and namespaces allowed."),
});

export type PlanDraft = z.output<typeof PlanDraftSchema>;

let responseSchema: Record<string, unknown> | undefined;

/** The draft's JSON Schema for `response_format: json_schema` (not strict: step args are free-form). */
export function planDraftJsonSchema(): Record<string, unknown> {
  if (responseSchema === undefined) {
    const { $schema: _, ...schema } = z.toJSONSchema(PlanDraftSchema, { io: "input" }) as Record<
      string,
      unknown
    >;
    responseSchema = schema;
  }
  return responseSchema;
}

export type ParsedDraft = { ok: true; draft: PlanDraft } | { ok: false; problem: string };

/** The model's text → a draft. Tolerates a Markdown code fence around the JSON (servers without structured output). */
export function parseDraftText(text: string | null | undefined): ParsedDraft {
  if (text === null || text === undefined || text.trim() === "") {
    return { ok: false, problem: "the answer was empty; answer with the plan as one JSON object" };
  }
  let body = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(body);
  if (fenced?.[1] !== undefined) body = fenced[1];
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return {
      ok: false,
      problem: `the answer is not valid JSON (${(error as Error).message}); answer with one JSON object and nothing else`,
    };
  }
  const parsed = PlanDraftSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 8)
      .map((issue) => `${issue.path.join(".") || "(answer)"}: ${issue.message}`);
    return { ok: false, problem: `the answer does not have the plan's shape (${problems.join("; ")})` };
  }
  return { ok: true, draft: parsed.data };
}
