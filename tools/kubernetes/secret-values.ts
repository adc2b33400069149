// Secret values a caller sends (in a manifest or a patch) must not come back in an error message
// either: API servers quote invalid values in their errors. This collects the values of Secret
// objects and masks them, in plain and base64 form, in any text built from a server answer.
import { ToolError } from "../shared/tool-error.ts";

/** Values shorter than this are not masked: they would mangle ordinary words of a message. */
const minimumMaskedLength = 3;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === "string") into.add(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (isRecord(value)) for (const item of Object.values(value)) collectStrings(item, into);
}

/** Every value (plain and base64) carried by `data`/`stringData` of a Secret, or by any patch of one. */
export function secretValues(body: unknown, isSecret: boolean): string[] {
  if (!isSecret) return [];
  const strings = new Set<string>();
  if (isRecord(body) && ("data" in body || "stringData" in body)) {
    collectStrings(body.data, strings);
    collectStrings(body.stringData, strings);
  } else if (Array.isArray(body)) {
    for (const op of body) if (isRecord(op)) collectStrings(op.value, strings); // JSON patch values
  } else {
    collectStrings(body, strings);
  }
  const values = new Set<string>();
  for (const value of strings) {
    values.add(value);
    values.add(Buffer.from(value).toString("base64"));
    const decoded = Buffer.from(value, "base64").toString("utf8");
    if (Buffer.from(decoded).toString("base64") === value) values.add(decoded);
  }
  return [...values]
    .filter((value) => value.length >= minimumMaskedLength)
    .sort((a, b) => b.length - a.length);
}

export function maskValues(text: string, values: string[]): string {
  let masked = text;
  for (const value of values) masked = masked.split(value).join("<redacted>");
  return masked;
}

/** The same error with every secret value masked in its message. */
export function maskError(error: ToolError, values: string[]): ToolError {
  if (values.length === 0) return error;
  return new ToolError(maskValues(error.message, values));
}
