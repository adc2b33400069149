// Fitting diffs into a character budget: cut by lines and say how much was left out.

/** Lines a unified diff adds and removes (file headers excluded). */
export function changedLineCounts(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff.split("\n")) {
    if (line.startsWith("+++ ") || line.startsWith("--- ")) continue;
    if (line.startsWith("+")) added += 1;
    else if (line.startsWith("-")) removed += 1;
  }
  return { added, removed };
}

/**
 * The head of `diff` within `maxChars` characters, cut at whole lines (a single line longer than
 * the budget is cut itself), followed by `note(n)` for the n lines left out.
 */
export function truncateDiff(diff: string, maxChars: number, note: (omitted: number) => string): string {
  if (diff.length <= maxChars) return diff;
  const lines = diff.split("\n");
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > maxChars) {
      if (kept.length === 0) kept.push(`${line.slice(0, Math.max(0, maxChars - 1))}…`);
      break;
    }
    kept.push(line);
    used += line.length + 1;
  }
  const omitted = lines.length - kept.length;
  return omitted === 0 ? kept.join("\n") : `${kept.join("\n")}\n${note(omitted)}`;
}
