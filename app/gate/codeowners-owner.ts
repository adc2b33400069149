// Owner tokens of a CODEOWNERS line: `@user`, `@org/team` or an email address (GitHub's three forms).
// Only the syntax is checked here; whether the user or team exists is for the forge to answer.

export type OwnerKind = "user" | "team" | "email";

// Logins: letters, digits, hyphens (managed users add `_shortcode`); team slugs may also hold `.`.
const USER = /^@[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
const TEAM = /^@[A-Za-z0-9][A-Za-z0-9_-]{0,99}\/[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** What kind of owner a token names, or undefined when GitHub would not accept it as an owner. */
export function ownerKind(token: string): OwnerKind | undefined {
  if (USER.test(token)) return "user";
  if (TEAM.test(token)) return "team";
  if (EMAIL.test(token)) return "email";
  return undefined;
}

/** The sentence for an owner token GitHub would reject. */
export function invalidOwnerMessage(token: string): string {
  return `"${token}" is not a valid owner, so GitHub skips this line; write owners as @username, @org/team-name or an email address, separated by spaces`;
}
