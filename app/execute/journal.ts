// The run's journal: step states kept in the plan's Lease (an annotation), so a restarted replica,
// or another one, knows what already ran. Parsed strictly: a journal we cannot read is never
// guessed at.
import { z } from "zod";
import type { StepState } from "./types.ts";

export const JOURNAL_ANNOTATION = "skyflo.dev/journal";

const stepStateSchema = z.strictObject({
  id: z.string(),
  tool: z.string(),
  status: z.enum(["pending", "running", "succeeded", "failed", "skipped", "unknown"]),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  summary: z.string().optional(),
  resultDigest: z.string().optional(),
  error: z.string().optional(),
});

export const JournalSchema = z.strictObject({
  version: z.literal(1),
  planId: z.string(),
  planDigest: z.string(),
  /** "running" until the run ends; anything else is final. */
  status: z.enum(["running", "executed", "failed", "drifted", "resumed-unknown"]),
  holder: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  reason: z.string().optional(),
  steps: z.array(stepStateSchema),
});

export type Journal = z.infer<typeof JournalSchema>;

// Annotations share a 256 KiB budget per object; 50 steps × these limits stays well inside it.
const MAX_TEXT = 2000;

function clip(text: string | undefined): string | undefined {
  return text === undefined || text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}

export function serializeJournal(journal: Journal): string {
  const steps: StepState[] = journal.steps.map((step) => ({
    ...step,
    summary: clip(step.summary),
    error: clip(step.error),
  }));
  return JSON.stringify({ ...journal, reason: clip(journal.reason), steps });
}

export type ParsedJournal = { ok: true; journal: Journal } | { ok: false; problem: string };

export function parseJournal(text: string | undefined): ParsedJournal {
  if (text === undefined) return { ok: false, problem: `the annotation ${JOURNAL_ANNOTATION} is missing` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problem: `the annotation ${JOURNAL_ANNOTATION} is not JSON (${(error as Error).message})`,
    };
  }
  const parsed = JournalSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      ok: false,
      problem: `the annotation ${JOURNAL_ANNOTATION} is not a journal (${first?.path.join(".") || "(root)"}: ${first?.message})`,
    };
  }
  return { ok: true, journal: parsed.data };
}
