// "rollback <target> [to [revision] <n>]", "roll back …", "undo …", "rollout undo … [--to-revision[=]<n>]".
import { expectEnd, requireNamespace } from "./common.ts";
import { describeTarget, fail, type GrammarResult, type ParsedRequest, success } from "./parsed-request.ts";
import type { TokenCursor } from "./token-cursor.ts";
import { checkWholeNumber } from "./values.ts";
import { readWorkloadTarget } from "./workload-target.ts";

function readRevision(cursor: TokenCursor, understood: string): GrammarResult<number | undefined> {
  const token = cursor.peek();
  let written: string | undefined;
  if (token === undefined) return success(undefined);
  if (token.lower === "to") {
    cursor.next();
    cursor.accept("revision", "rev");
    written = cursor.next()?.text;
  } else if (token.lower === "--to-revision") {
    cursor.next();
    written = cursor.next()?.text;
  } else if (token.lower.startsWith("--to-revision=")) {
    cursor.next();
    written = token.text.slice("--to-revision=".length);
  } else {
    return success(undefined);
  }
  if (written === undefined) return fail(understood, 'the revision number is missing, e.g. "to revision 3"');
  const revision = checkWholeNumber(written, "a revision");
  if (!revision.ok) return fail(understood, revision.problem);
  if (revision.value < 1) return fail(understood, "revisions are numbered from 1");
  return success(revision.value);
}

export function parseRollback(
  cursor: TokenCursor,
  namespace: string | undefined,
): GrammarResult<ParsedRequest> {
  const target = readWorkloadTarget(cursor, { understood: "a request to roll back a workload" });
  if (!target.ok) return target;
  const understood = `a request to roll back ${describeTarget(target.value)}`;
  const toRevision = readRevision(cursor, understood);
  if (!toRevision.ok) return toRevision;
  const full = toRevision.value === undefined ? understood : `${understood} to revision ${toRevision.value}`;
  const end = expectEnd(cursor, full);
  if (!end.ok) return end;
  const ns = requireNamespace(namespace, full);
  if (!ns.ok) return ns;
  return success({
    action: "rollback",
    target: target.value,
    namespace: ns.value,
    toRevision: toRevision.value,
  });
}
