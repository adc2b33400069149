// GitHub refuses a check run whose output.summary is longer than 65,535 characters. Renderers
// build their table with generous cells first and shrink the cells until the summary fits.

export const MAX_CHECK_SUMMARY = 65_535;

/** Cell sizes tried in turn; the last one fits 50 steps with room to spare. */
const CELL_SIZES = [400, 160, 60, 20] as const;

const CUT_NOTE = "\n\n… (cut to fit GitHub's limit for a check summary)\n";

/**
 * Renders with the largest cell size whose result fits `limit` (counted in UTF-16 units, which is
 * never fewer than the characters GitHub counts); as a last resort cuts the text and says so.
 */
export function fitCheckSummary(render: (maxCell: number) => string, limit = MAX_CHECK_SUMMARY): string {
  let text = "";
  for (const size of CELL_SIZES) {
    text = render(size);
    if (text.length <= limit) return text;
  }
  // Cut between whole lines (and never inside a surrogate pair) so the rest stays valid Markdown.
  const room = text.slice(0, limit - CUT_NOTE.length);
  const lastBreak = room.lastIndexOf("\n");
  return `${(lastBreak > 0 ? room.slice(0, lastBreak) : room).toWellFormed()}${CUT_NOTE}`;
}
