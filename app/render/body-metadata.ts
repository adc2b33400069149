// The hidden block in the plan PR body that ties it to its plan: <!-- skyflo:plan {json} -->.
import { z } from "zod";
import { ForgeLoginSchema, PlanDigestSchema, PlanMetadataSchema } from "../plan/index.ts";
import type { BodyMetadata } from "./types.ts";

const OPENING = "<!-- skyflo:plan ";
const CLOSING = " -->";

const BodyMetadataSchema = z.strictObject({
  planId: PlanMetadataSchema.shape.id,
  digest: PlanDigestSchema,
  requester: ForgeLoginSchema,
  issue: z.int().min(1),
});

/** The metadata as one HTML comment line. "<", ">" and "&" are JSON-escaped so the comment cannot end early. */
export function bodyMetadataComment(metadata: BodyMetadata): string {
  const { planId, digest, requester, issue } = metadata;
  const json = JSON.stringify({ planId, digest, requester, issue }).replace(
    /[<>&]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `${OPENING}${json}${CLOSING}`;
}

/** An opening code fence: up to three spaces, then three or more backticks or tildes. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Lines of `body` that are not inside a fenced code block (CommonMark fences, at top level). */
function linesOutsideFences(body: string): string[] {
  const outside: string[] = [];
  let open: { char: string; length: number } | undefined;
  for (const line of body.split(/\r\n?|\n/)) {
    const match = FENCE.exec(line);
    const fence = match?.[1];
    if (open === undefined) {
      // A backtick fence's info string may not contain backticks (then it is inline code).
      const opens =
        match !== null &&
        fence !== undefined &&
        !(fence[0] === "`" && line.slice(match[0].length).includes("`"));
      if (opens) open = { char: fence[0] ?? "`", length: fence.length };
      else outside.push(line);
    } else if (
      fence !== undefined &&
      fence[0] === open.char &&
      fence.length >= open.length &&
      line.trim() === fence
    ) {
      open = undefined;
    }
  }
  return outside;
}

/**
 * Reads the hidden metadata back from a PR body. Undefined when there is none, when it does not
 * parse or validate, or when there are two (someone pasted one: neither can be trusted). Only a
 * block on a line of its own, outside code fences, counts, so quoting one in a code block or
 * inline code does not.
 */
export function readBodyMetadata(body: string): BodyMetadata | undefined {
  const blocks = linesOutsideFences(body).filter((line) => line.startsWith(OPENING));
  if (blocks.length !== 1) return undefined;
  const line = (blocks[0] ?? "").trimEnd();
  if (!line.endsWith(CLOSING)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(line.slice(OPENING.length, line.length - CLOSING.length));
  } catch {
    return undefined;
  }
  const parsed = BodyMetadataSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}
