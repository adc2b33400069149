// How the demo prints what a person would see on GitHub: numbered sections, indented blocks, and
// Markdown shown as text (diagrams and hidden metadata left out: they read as noise in a terminal).

const write = (line: string) => process.stdout.write(`${line}\n`);

let section = 0;

/** A numbered heading: one step of the story. */
export function heading(title: string): void {
  section += 1;
  write("");
  write(`── ${section}. ${title} ${"─".repeat(Math.max(3, 90 - title.length))}`);
}

/** A line inside the current section. */
export function line(text = ""): void {
  write(text === "" ? "" : `  ${text}`);
}

/** A block of text, indented under the current section (each line prefixed). */
export function block(text: string, prefix = "  │ "): void {
  for (const row of text.replace(/\n+$/, "").split("\n")) write(`${prefix}${row}`.trimEnd());
}

/** Markdown as a person reads it in a terminal: without Mermaid diagrams and HTML comments. */
export function readableMarkdown(markdown: string): string {
  return markdown
    .replace(/```mermaid\n[\s\S]*?```\n*/g, "")
    .replace(/<!--[\s\S]*?-->\n*/g, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
