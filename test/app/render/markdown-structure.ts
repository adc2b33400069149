// Reads rendered Markdown back with a CommonMark + GFM parser, so tests assert what a reader sees
// rather than substrings that could sit anywhere.
import MarkdownIt from "markdown-it";

const parser = new MarkdownIt({ html: true });

export type Token = ReturnType<MarkdownIt["parse"]>[number];

export function tokens(markdown: string): Token[] {
  return parser.parse(markdown, {});
}

/** Fenced code blocks: info string and exact content. */
export function fences(markdown: string): { info: string; content: string }[] {
  return tokens(markdown)
    .filter((t) => t.type === "fence")
    .map((t) => ({ info: t.info.trim(), content: t.content }));
}

/** Tables as rows of cell texts (header row first), cells as a reader sees them. */
export function tables(markdown: string): string[][][] {
  const result: string[][][] = [];
  let table: string[][] | undefined;
  let row: string[] | undefined;
  for (const token of tokens(markdown)) {
    if (token.type === "table_open") table = [];
    else if (token.type === "table_close" && table) {
      result.push(table);
      table = undefined;
    } else if (token.type === "tr_open") row = [];
    else if (token.type === "tr_close" && row && table) {
      table.push(row);
      row = undefined;
    } else if (token.type === "inline" && row) {
      row.push(plainText(token));
    }
  }
  return result;
}

function plainText(inline: Token): string {
  return (inline.children ?? [])
    .map((child) => (child.type === "text" || child.type === "code_inline" ? child.content : ""))
    .join("");
}

/** Raw HTML blocks and inline HTML, as the parser found them. */
export function htmlParts(markdown: string): string[] {
  return tokens(markdown).flatMap((t) => {
    if (t.type === "html_block") return [t.content.trim()];
    if (t.type === "inline")
      return (t.children ?? []).filter((c) => c.type === "html_inline").map((c) => c.content);
    return [];
  });
}

/** Text of blockquotes, one string per quote, lines joined with "\n". */
export function quotes(markdown: string): string[] {
  const result: string[] = [];
  let depth = 0;
  let current: string[] = [];
  for (const token of tokens(markdown)) {
    if (token.type === "blockquote_open") {
      depth += 1;
      if (depth === 1) current = [];
    } else if (token.type === "blockquote_close") {
      depth -= 1;
      if (depth === 0) result.push(current.join("\n"));
    } else if (depth > 0 && token.type === "inline") {
      current.push(
        (token.children ?? [])
          .map((c) =>
            c.type === "softbreak" || c.type === "hardbreak"
              ? "\n"
              : c.type === "text"
                ? c.content
                : `[${c.type}]`,
          )
          .join(""),
      );
    }
  }
  return result;
}
