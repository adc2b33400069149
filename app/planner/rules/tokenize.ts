// Splits a request into words. The grammar works on these tokens, never on the raw text, so a
// name can only ever be one whole word and nothing in it is reinterpreted.

export interface Token {
  /** The word exactly as written. */
  text: string;
  /** The word in lower case, for matching keywords. */
  lower: string;
}

/** Longest request the rules planner reads; real commands are a line. */
export const MAX_RULES_REQUEST_CHARS = 500;

export type Tokenized = { ok: true; tokens: Token[] } | { ok: false; problem: string };

// Sentence punctuation people add at the end of a request ("scale web to 5 in shop.").
const TRAILING_PUNCTUATION = new Set([".", "!", "?"]);

function hasControlCharacters(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if ((code < 0x20 && char !== "\t" && char !== "\n" && char !== "\r") || code === 0x7f) return true;
  }
  return false;
}

export function tokenize(text: string): Tokenized {
  if (text.length > MAX_RULES_REQUEST_CHARS) {
    return {
      ok: false,
      problem: `the request is ${text.length} characters long; the rules planner reads requests of at most ${MAX_RULES_REQUEST_CHARS}`,
    };
  }
  if (hasControlCharacters(text)) {
    return { ok: false, problem: "the request contains control characters; write it as plain text" };
  }
  let trimmed = text.trim();
  while (trimmed.length > 0 && TRAILING_PUNCTUATION.has(trimmed.at(-1) ?? "")) {
    trimmed = trimmed.slice(0, -1).trimEnd();
  }
  const words = trimmed.split(/\s+/u).filter((word) => word.length > 0);
  return { ok: true, tokens: words.map((word) => ({ text: word, lower: word.toLowerCase() })) };
}
