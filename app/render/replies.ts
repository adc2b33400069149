// Replies to a /skyflo comment: help, and the reasons nothing was planned.
import { truncate, withoutHidingCharacters, withoutMentions } from "./markdown-text.ts";
import { MAX_BODY_CHARS } from "./plan-body.ts";
import { renderTemplate, type TemplateName } from "./templates.ts";
import type { ReplyKind } from "./types.ts";

/**
 * Markdown written by Skyflo's own modules (a reason, examples) that may quote user input: kept
 * as Markdown, but it cannot ping anyone, and cannot carry an HTML comment that would read as
 * Skyflo's status marker or plan metadata.
 */
export function trustedMarkdown(text: string): string {
  return withoutMentions(withoutHidingCharacters(text)).replace(/<!--/g, "&lt;!--").trim();
}

/** What `/skyflo help` answers. */
export function renderHelp(): string {
  return renderTemplate("help", {});
}

const REPLY_TEMPLATES: Record<ReplyKind, TemplateName> = {
  "cannot-plan": "reply-cannot-plan",
  "not-allowed": "reply-not-allowed",
  "invalid-command": "reply-invalid-command",
  "invalid-config": "reply-invalid-config",
  error: "reply-error",
};

/** Room for the template text around the detail. */
const REPLY_FRAME_CHARS = 4_000;

/** A reply of `kind`; `detail` is the sentence (and examples) saying what was wrong and what to do. */
export function renderReply(kind: ReplyKind, detail: string): string {
  const bounded = truncate(trustedMarkdown(detail), MAX_BODY_CHARS - REPLY_FRAME_CHARS);
  return renderTemplate(REPLY_TEMPLATES[kind], { detail: bounded });
}
