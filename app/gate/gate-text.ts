// Small wording helpers for the gate's sentences, which people read on the pull request.

/** The 7-character form people see next to commits on GitHub. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** A login as people write it on GitHub: "@alice". */
export function handle(login: string): string {
  return login.startsWith("@") ? login : `@${login}`;
}

/** "a", "a and b", "a, b and c". */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** A value people or tools wrote, quoted so that odd characters stay visible. */
export function quoted(value: string, max = 300): string {
  const text = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(text);
}
