// Reads tokens left to right for the command grammars: look ahead, take keywords, say what is left.
import type { Token } from "../tokenize.ts";

export class TokenCursor {
  readonly #tokens: readonly Token[];
  #position = 0;

  constructor(tokens: readonly Token[]) {
    this.#tokens = tokens;
  }

  peek(offset = 0): Token | undefined {
    return this.#tokens[this.#position + offset];
  }

  next(): Token | undefined {
    const token = this.#tokens[this.#position];
    if (token !== undefined) this.#position++;
    return token;
  }

  atEnd(): boolean {
    return this.#position >= this.#tokens.length;
  }

  /** Takes the next token if it is one of `keywords` (case-insensitive) and returns it. */
  accept(...keywords: string[]): Token | undefined {
    const token = this.peek();
    if (token !== undefined && keywords.includes(token.lower)) {
      this.#position++;
      return token;
    }
    return undefined;
  }

  /** The words not read yet, as written. */
  remaining(): string {
    return this.#tokens
      .slice(this.#position)
      .map((t) => t.text)
      .join(" ");
  }
}
