// The identity of a tool call: tool name plus the RFC 8785 canonical JSON of its arguments, so key
// order does not matter but every value, and every extra or missing argument, does.
import canonicalize from "canonicalize";

export function callKey(tool: string, args: Record<string, unknown>): string {
  const canonical = canonicalize(args);
  if (canonical === undefined) throw new Error(`arguments of ${tool} have no JSON form`);
  return `${tool} ${canonical}`;
}
