// "restart [<kind>] <name>", "rollout restart <kind>/<name>".
import { expectEnd, requireNamespace } from "./common.ts";
import { describeTarget, type GrammarResult, type ParsedRequest, success } from "./parsed-request.ts";
import type { TokenCursor } from "./token-cursor.ts";
import { readWorkloadTarget } from "./workload-target.ts";

export function parseRestart(
  cursor: TokenCursor,
  namespace: string | undefined,
): GrammarResult<ParsedRequest> {
  const target = readWorkloadTarget(cursor, { understood: "a request to restart a workload" });
  if (!target.ok) return target;
  const understood = `a request to restart ${describeTarget(target.value)}`;
  const end = expectEnd(cursor, understood);
  if (!end.ok) return end;
  const ns = requireNamespace(namespace, understood);
  if (!ns.ok) return ns;
  return success({ action: "restart", target: target.value, namespace: ns.value });
}
