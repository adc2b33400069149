// "delete <kind> <name>", "delete <kind>/<name>". The kind is required: a deletion is never
// planned from a default.
import { expectEnd, requireNamespace } from "./common.ts";
import { describeTarget, type GrammarResult, type ParsedRequest, success } from "./parsed-request.ts";
import type { TokenCursor } from "./token-cursor.ts";
import { readWorkloadTarget } from "./workload-target.ts";

export function parseDelete(
  cursor: TokenCursor,
  namespace: string | undefined,
): GrammarResult<ParsedRequest> {
  const target = readWorkloadTarget(cursor, {
    understood: "a request to delete a workload",
    requireKind: true,
  });
  if (!target.ok) return target;
  const understood = `a request to delete ${describeTarget(target.value)}`;
  const end = expectEnd(cursor, understood);
  if (!end.ok) return end;
  const ns = requireNamespace(namespace, understood);
  if (!ns.ok) return ns;
  return success({ action: "delete", target: target.value, namespace: ns.value });
}
