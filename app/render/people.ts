// Showing logins and CODEOWNERS owners: a mention where the text is a plain login or team, literal text otherwise.
import { codeSpan, inlineText } from "./markdown-text.ts";

const LOGIN_OR_TEAM = /^@?[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;
export const MAX_OWNERS_SHOWN = 20;

/** "@alice" / "@org/team" (notifies them) for a well-formed login or team; escaped text otherwise (e-mails). */
export function mention(owner: string): string {
  if (!LOGIN_OR_TEAM.test(owner)) return inlineText(owner);
  return owner.startsWith("@") ? owner : `@${owner}`;
}

/** The login or team without notifying anyone (for the issue, where the owners were not asked to act). */
export function quietName(owner: string): string {
  return codeSpan(LOGIN_OR_TEAM.test(owner) && !owner.startsWith("@") ? `@${owner}` : owner);
}

/** "a, b or c", at most MAX_OWNERS_SHOWN names then "or N more". */
export function nameList(names: string[], show: (name: string) => string): string {
  const shown = names.slice(0, MAX_OWNERS_SHOWN).map(show);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} or ${rest} more`;
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} or ${shown.at(-1)}`;
}
