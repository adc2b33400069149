// Values taken from a request are checked with the same validators the tools use, so a name that
// looks like a flag, a path or a shell command ("--all", "../x", "web;rm") never reaches a plan.
import type { z } from "zod";
import {
  containerName,
  imageReference,
  namespaceName,
  objectName,
} from "../../../../tools/shared/validation.ts";

export type ValueCheck<T> = { ok: true; value: T } | { ok: false; problem: string };

function checked(schema: z.ZodType<string>, what: string, written: string): ValueCheck<string> {
  const result = schema.safeParse(written);
  if (result.success) return { ok: true, value: result.data };
  const message = result.error.issues[0]?.message ?? "is not valid";
  const reason = message.startsWith("must") ? `it ${message}` : message;
  const flagHint = written.startsWith("-") ? " (it looks like a command-line flag)" : "";
  return { ok: false, problem: `${JSON.stringify(written)} is not a valid ${what}${flagHint}: ${reason}` };
}

export const checkObjectName = (written: string) => checked(objectName, "Kubernetes object name", written);
export const checkNamespace = (written: string) => checked(namespaceName, "namespace name", written);
export const checkContainerName = (written: string) => checked(containerName, "container name", written);
export const checkImage = (written: string) => checked(imageReference, "container image", written);

/** A whole number written in digits only ("5", not "5.0", "+5" or "five"). */
export function checkWholeNumber(written: string, what: string): ValueCheck<number> {
  let digitsOnly = written.length > 0 && written.length <= 9;
  for (const char of written) if (char < "0" || char > "9") digitsOnly = false;
  if (!digitsOnly) {
    return { ok: false, problem: `${JSON.stringify(written)} is not a whole number of ${what}` };
  }
  return { ok: true, value: Number(written) };
}
