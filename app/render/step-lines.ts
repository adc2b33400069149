// Where each step sits in the plan file, so a review comment can be anchored on its lines.
import { isSeq, LineCounter, parseDocument } from "yaml";

export interface LineRange {
  /** First line (1-based): the "- id: …" line. */
  start: number;
  /** Last line of the step (1-based). */
  end: number;
}

/**
 * Line ranges of steps[0..n] in `planYaml` (the committed plan file), read from the YAML nodes
 * rather than assumed from the writer's layout. Throws when the text has no steps list: the
 * caller passed something that is not the plan it rendered.
 */
export function stepLineRanges(planYaml: string): LineRange[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(planYaml, { lineCounter });
  const steps = doc.get("steps", true);
  if (!isSeq(steps)) throw new Error("the plan file has no steps list to anchor review comments on");
  return steps.items.map((item, index) => {
    const range = (item as { range?: [number, number, number] }).range;
    if (range === undefined) throw new Error(`steps[${index}] of the plan file has no source position`);
    let end = range[1];
    while (end > range[0] && /\s/.test(planYaml[end - 1] ?? "")) end -= 1;
    return {
      start: lineCounter.linePos(range[0]).line,
      end: lineCounter.linePos(Math.max(range[0], end - 1)).line,
    };
  });
}
