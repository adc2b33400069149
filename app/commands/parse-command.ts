// Reads a `/skyflo …` command out of an issue or pull request comment. Pure and total: every
// comment maps to exactly one Command, and anything Skyflo cannot read becomes "invalid" with a
// reason to reply with, never a guess.

export type Command =
  | { kind: "ignore" }
  | { kind: "help" }
  | { kind: "plan"; text: string }
  | { kind: "replan" }
  | { kind: "apply" }
  | { kind: "cancel" }
  | { kind: "status" }
  | { kind: "rollback" }
  | { kind: "invalid"; reason: string };

/** GitHub's own limit for a comment body, in characters. */
export const MAX_COMMENT_CHARS = 65_536;
/** A request is one line of plain words; longer text is more likely a paste than a request. */
export const MAX_REQUEST_CHARS = 500;

/** Shown under every "invalid" reason, so a reply always says what would work. */
export const COMMAND_EXAMPLES: readonly string[] = [
  "/skyflo scale deployment web to 5 in shop",
  "/skyflo restart deploy/web in shop",
  "/skyflo help",
];

/** The commands and what they do, for help texts (the request is the rest of its line). */
export const COMMAND_USAGE: readonly { usage: string; what: string }[] = [
  { usage: "/skyflo <request>", what: "plan a change (the request is the rest of that line)" },
  { usage: "/skyflo plan <request>", what: "the same, spelled out" },
  { usage: "/skyflo replan", what: "on a plan pull request: make the plan again from the same request" },
  {
    usage: "/skyflo apply",
    what: "on a plan pull request: check its approval again, and run it if it is approved",
  },
  { usage: "/skyflo status", what: "on a plan pull request: say where the plan is" },
  { usage: "/skyflo cancel", what: "on a plan pull request that has not run: close it" },
  {
    usage: "/skyflo rollback",
    what: "on a plan pull request whose run failed: open the proposed rollback as a new plan",
  },
  { usage: "/skyflo help", what: "show this help" },
];

const COMMAND_WORD = "/skyflo";
// Up to three spaces: four or more (or a tab) make a Markdown code block, which people read as code.
const LINE_INDENT = /^ {0,3}/;
// A fence may open a list item ("- ```"); closing fences may be indented as deep as their item.
const FENCE_OPEN = /^ {0,3}(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^[ \t]*(`{3,}|~{3,})[ \t]*$/;

const IGNORE: Command = { kind: "ignore" };

function invalid(sentence: string): Command {
  const examples = COMMAND_EXAMPLES.map((example) => `- \`${example}\``).join("\n");
  return { kind: "invalid", reason: `${sentence}\n\nFor example:\n${examples}` };
}

function codePointName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** C0 and C1 control characters other than tab and line breaks: text that was never typed. */
function isControl(code: number): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/**
 * Invisible characters that can make a request read differently from what it says: bidi
 * embeddings, overrides and isolates ("Trojan Source"), direction marks, zero-width characters
 * and Unicode tag characters (used to smuggle hidden instructions to language models).
 */
function isInvisible(code: number): boolean {
  return (
    code === 0x061c ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2064) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff ||
    (code >= 0xe0000 && code <= 0xe007f)
  );
}

function findControl(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code)) return code;
  }
  return undefined;
}

function requestProblem(text: string): string | undefined {
  if (!text.isWellFormed()) {
    return "The request contains a broken character (an unpaired surrogate). Please type the request again as plain text.";
  }
  let length = 0;
  for (const char of text) {
    length++;
    const code = char.codePointAt(0) as number;
    if (code === 0xfffd) {
      return "The request contains U+FFFD (a character that could not be decoded), so it looks like binary data. Please type the request as plain text.";
    }
    if (isInvisible(code)) {
      return `The request contains an invisible character (${codePointName(code)}) that could make it read differently from what it says. Please type the request again without it.`;
    }
  }
  if (length > MAX_REQUEST_CHARS) {
    return `The request is ${length} characters long; Skyflo reads requests of up to ${MAX_REQUEST_CHARS} characters, on one line. Please ask for one change in a short sentence.`;
  }
  return undefined;
}

function codePointLengthOver(text: string, limit: number): number | undefined {
  if (text.length <= limit) return undefined;
  let length = 0;
  for (const _ of text) length++;
  return length > limit ? length : undefined;
}

/**
 * What follows `/skyflo` on a line that starts with it; undefined when the line is not ours.
 * After the word comes a space or the end; anything else is another command (`/skyflow`,
 * `/skyflo-bot`) or a path (`/skyflo/plans`), except ":" and "," which address Skyflo (and get
 * told to add a space).
 */
function commandTail(line: string): string | undefined {
  const start = line.slice(LINE_INDENT.exec(line)?.[0].length ?? 0);
  if (start.slice(0, COMMAND_WORD.length).toLowerCase() !== COMMAND_WORD) return undefined;
  const tail = start.slice(COMMAND_WORD.length);
  return tail === "" || /^[\s:,]/.test(tail) ? tail : undefined;
}

interface Fence {
  char: string;
  length: number;
}

function fenceOpening(line: string): Fence | undefined {
  const open = FENCE_OPEN.exec(line);
  const marker = open?.[1];
  if (marker === undefined) return undefined;
  // A backtick fence's info string may not contain backticks (CommonMark); then it is inline code.
  if (marker[0] === "`" && open?.[2]?.includes("`")) return undefined;
  return { char: marker[0] as string, length: marker.length };
}

function closesFence(line: string, fence: Fence): boolean {
  const marker = FENCE_CLOSE.exec(line)?.[1];
  return marker !== undefined && marker[0] === fence.char && marker.length >= fence.length;
}

/** Whether an HTML comment opened on this line is still open at its end. */
function leavesHtmlCommentOpen(line: string): boolean {
  const opened = line.lastIndexOf("<!--");
  return opened !== -1 && !line.includes("-->", opened + 4);
}

/** The first line that starts with `/skyflo`, outside quotes, fenced code and HTML comments. */
function findCommandLine(body: string): string | undefined {
  let fence: Fence | undefined;
  let inHtmlComment = false;
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (fence !== undefined) {
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    if (inHtmlComment) {
      const closed = line.indexOf("-->");
      if (closed !== -1) inHtmlComment = leavesHtmlCommentOpen(line.slice(closed + 3));
      continue;
    }
    fence = fenceOpening(line);
    if (fence !== undefined) continue;
    // Hidden from readers, so never a command; it may span lines.
    inHtmlComment = leavesHtmlCommentOpen(line);
    if (line.trimStart().startsWith("<!--")) continue;
    const tail = commandTail(line);
    if (tail !== undefined) return tail;
  }
  return undefined;
}

/** Reads the command in a comment body. Never throws. */
export function parseCommand(body: string): Command {
  if (typeof body !== "string") return IGNORE;
  const tail = findCommandLine(body);
  if (tail === undefined) return IGNORE;

  const commentLength = codePointLengthOver(body, MAX_COMMENT_CHARS);
  if (commentLength !== undefined) {
    return invalid(
      `This comment is ${commentLength} characters long, over the ${MAX_COMMENT_CHARS} characters a comment can hold. Please write the request in a short comment of its own.`,
    );
  }
  const control = findControl(body);
  if (control !== undefined) {
    return invalid(
      `This comment contains a control character (${codePointName(control)}), so it looks like binary data rather than a request. Please write the request as plain text.`,
    );
  }

  if (/^[:,]/.test(tail)) {
    return invalid("Put a space between `/skyflo` and the request.");
  }
  const rest = tail.trim();
  if (rest === "") return { kind: "help" };

  const word = rest.split(/\s/, 1)[0] ?? "";
  const argument = rest.slice(word.length).trim();
  switch (word.toLowerCase()) {
    case "help":
      return { kind: "help" };
    case "replan":
      if (argument !== "") {
        return invalid(
          "`/skyflo replan` takes nothing after it: it makes the plan again from the original request. To ask for something else, write a new request on the issue.",
        );
      }
      return { kind: "replan" };
    case "apply":
      // "/skyflo apply k8s/web.yaml" is a request (apply a manifest); bare "apply" runs a plan.
      if (argument === "") return { kind: "apply" };
      break;
    // Bare words only: "/skyflo rollback web in shop" is a request for the rules planner.
    case "cancel":
    case "status":
    case "rollback":
      if (argument === "") return { kind: word.toLowerCase() as "cancel" | "status" | "rollback" };
      break;
    case "plan":
      if (argument === "") {
        return invalid("`/skyflo plan` needs a request after it, on the same line.");
      }
      return planOf(argument);
  }
  return planOf(rest);
}

function planOf(text: string): Command {
  const problem = requestProblem(text);
  if (problem !== undefined) return invalid(problem);
  return { kind: "plan", text };
}
