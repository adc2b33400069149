// "scale [<kind>] <name> to <n> [replicas]", "scale <kind>/<name> --replicas[=]<n>".
import { expectEnd, requireNamespace } from "./common.ts";
import { describeTarget, fail, type GrammarResult, type ParsedRequest, success } from "./parsed-request.ts";
import type { TokenCursor } from "./token-cursor.ts";
import { checkWholeNumber } from "./values.ts";
import { readWorkloadTarget } from "./workload-target.ts";

function readReplicaCount(cursor: TokenCursor, understood: string): GrammarResult<number> {
  const token = cursor.next();
  let written: string | undefined;
  if (token?.lower === "to") {
    written = cursor.next()?.text;
    cursor.accept("replicas", "replica", "pods", "pod");
  } else if (token?.lower === "--replicas") {
    written = cursor.next()?.text;
  } else if (token?.lower.startsWith("--replicas=")) {
    written = token.text.slice("--replicas=".length);
  } else {
    return fail(understood, 'the replica count is missing: write "to <number>", e.g. "to 5"');
  }
  if (written === undefined) return fail(understood, 'the replica count is missing after "to"');
  const count = checkWholeNumber(written, "replicas");
  return count.ok ? success(count.value) : fail(understood, count.problem);
}

export function parseScale(cursor: TokenCursor, namespace: string | undefined): GrammarResult<ParsedRequest> {
  const target = readWorkloadTarget(cursor, { understood: "a request to scale a workload" });
  if (!target.ok) return target;
  const understood = `a request to scale ${describeTarget(target.value)}`;
  const replicas = readReplicaCount(cursor, understood);
  if (!replicas.ok) return replicas;
  const full = `${understood} to ${replicas.value} replicas`;
  const end = expectEnd(cursor, full);
  if (!end.ok) return end;
  const ns = requireNamespace(namespace, full);
  if (!ns.ok) return ns;
  return success({ action: "scale", target: target.value, namespace: ns.value, replicas: replicas.value });
}
