// Putting untrusted text (request text, names, reasons, diffs) into Markdown without letting it
// change the document around it. Hand-written: the Markdown libraries render or parse; none of
// them escapes text for each spot it can land in (table cell, quote, HTML, code fence).

/** C0/C1 controls (except tab and newline) and bidirectional overrides, which can disguise text. */
const HIDING_CHARACTERS = /(?![\t\n])\p{Cc}|[\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
/** Characters that start Markdown or HTML constructs inside a line. */
const INLINE_SPECIALS = /[\\`*_[\]<>|~#!&]/g;
/** Line starts that would make a list, a heading underline or a thematic break. */
const BLOCK_START = /^(\s*)([-+=]|\d+(?=[.)]))/;
const ZERO_WIDTH_SPACE = "\u200B";

/** Replaces characters that can hide or reorder text (and lone surrogates) with U+FFFD; keeps tabs and newlines. */
export function withoutHidingCharacters(text: string): string {
  return text.toWellFormed().replace(/\r\n?/g, "\n").replace(HIDING_CHARACTERS, "\uFFFD");
}

/**
 * Keeps "@name" visible but stops the forge from notifying "name": quoted request text must not
 * page people (or teams) the requester typed.
 */
export function withoutMentions(text: string): string {
  return text.replace(/(^|[^A-Za-z0-9`])@(?=[A-Za-z0-9])/g, `$1@${ZERO_WIDTH_SPACE}`);
}

/** Cuts `text` to at most `max` characters (code points), marking the cut with "…". */
export function truncate(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, Math.max(0, max - 1)).join("")}…`;
}

function escapeLine(line: string): string {
  const escaped = line.replace(INLINE_SPECIALS, (c) => `\\${c}`);
  // "- x" → "\- x"; "1. x" → "1\. x" (a backslash before a digit is not an escape).
  return escaped.replace(BLOCK_START, (_all, space: string, start: string) =>
    /\d/.test(start) ? `${space}${start}\\` : `${space}\\${start}`,
  );
}

/** Text shown literally on one line of Markdown (also safe in a table cell). */
export function inlineText(text: string): string {
  return escapeLine(withoutMentions(withoutHidingCharacters(text).replace(/\s*\n\s*/g, " ")));
}

/** A table cell: literal text, bounded, never empty. */
export function tableCell(text: string, max = 120): string {
  const bounded = truncate(text.trim(), max);
  return bounded === "" ? "—" : inlineText(bounded);
}

/** Multi-line text quoted literally as a Markdown blockquote. */
export function quoteBlock(text: string): string {
  const lines = withoutMentions(withoutHidingCharacters(text)).split("\n");
  return lines.map((line) => (line.trim() === "" ? ">" : `> ${escapeLine(line)}`)).join("\n");
}

/** Multi-line text shown literally as paragraphs (line breaks kept). */
export function paragraphText(text: string): string {
  const lines = withoutMentions(withoutHidingCharacters(text)).split("\n");
  return lines.map((line) => (line.trim() === "" ? "" : escapeLine(line))).join("  \n");
}

/** Text inside an HTML element such as <summary>: entities, one line, no mentions. */
export function htmlText(text: string): string {
  return withoutMentions(withoutHidingCharacters(text).replace(/\s*\n\s*/g, " "))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Text inside an inline code span: the span's backticks outnumber any run inside it. */
export function codeSpan(text: string): string {
  const flat = withoutHidingCharacters(text).replace(/\n/g, " ");
  const ticks = "`".repeat(longestRun(flat, "`") + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A fenced code block whose fence is longer than any backtick run in `text`, so nothing inside closes it. */
export function codeBlock(text: string, info = ""): string {
  const body = withoutHidingCharacters(text).replace(/\n+$/, "");
  const fence = "`".repeat(Math.max(3, longestRun(body, "`") + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** A Markdown link to an http(s) URL; any other URL is shown as text, never linked. */
export function markdownLink(label: string, url: string): string {
  const target = /^https?:\/\/[^\s]+$/.test(url) ? encodedUrl(url) : undefined;
  return target === undefined ? `${label} (${inlineText(url)})` : `[${label}](${target})`;
}

/** The URL percent-encoded once (already-encoded parts kept), "()<>" included; undefined if it cannot be. */
function encodedUrl(url: string): string | undefined {
  let decoded = url;
  try {
    decoded = decodeURI(url);
  } catch {
    // Not consistently percent-encoded: encode it as it is.
  }
  try {
    return encodeURI(decoded).replace(/[()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return undefined; // a lone surrogate
  }
}
