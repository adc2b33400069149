// Renders templates/*.md with mustache. Every value a view builder hands over is already escaped
// for the exact spot it lands in (see markdown-text.ts), so mustache's HTML escaping is switched
// off: it would turn "→" into entities in code blocks and double-escape table cells.
import { readFileSync } from "node:fs";
import Mustache from "mustache";

const TEMPLATE_DIRECTORY = new URL("../../templates/", import.meta.url);
const cache = new Map<string, string>();

export type TemplateName =
  | "approval-check"
  | "execute-check"
  | "verify-check"
  | "plan-pr-body"
  | "step-comment"
  | "status-comment"
  | "help"
  | "reply-cannot-plan"
  | "reply-not-allowed"
  | "reply-invalid-command"
  | "reply-invalid-config"
  | "reply-error"
  | "rollback-proposal";

function template(name: TemplateName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`${name}.md`, TEMPLATE_DIRECTORY), "utf8");
    cache.set(name, text);
  }
  return text;
}

/** Renders templates/<name>.md with `view`; values are inserted as they are. */
export function renderTemplate(name: TemplateName, view: object): string {
  const text = Mustache.render(template(name), view, undefined, { escape: (value) => String(value) });
  return `${text.trim()}\n`;
}
