// "apply [-f] <path> [--force-conflicts] [in <namespace>]": a manifest file from the repository's
// default branch. The namespace is optional here: objects may carry their own metadata.namespace.
// --force-conflicts (kubectl's flag) takes ownership of fields other managers set; only when asked.
import { expectEnd } from "./common.ts";
import { fail, type GrammarResult, type ParsedRequest, success } from "./parsed-request.ts";
import { unsafeRepoPathReason } from "./repo-path.ts";
import type { TokenCursor } from "./token-cursor.ts";

const FORCE_FLAGS = ["--force-conflicts", "--force"];

export function parseApply(cursor: TokenCursor, namespace: string | undefined): GrammarResult<ParsedRequest> {
  const start = "a request to apply a manifest file from the repository";
  let force = cursor.accept(...FORCE_FLAGS) !== undefined;
  cursor.accept("-f", "--filename");
  force = cursor.accept(...FORCE_FLAGS) !== undefined || force;
  const written = cursor.next()?.text;
  if (written === undefined) return fail(start, 'the file is missing, e.g. "apply k8s/web.yaml"');
  const reason = unsafeRepoPathReason(written);
  if (reason !== undefined) return fail(start, `${JSON.stringify(written)} is not a usable path: ${reason}`);
  force = cursor.accept(...FORCE_FLAGS) !== undefined || force;
  const end = expectEnd(cursor, `a request to apply ${written}`);
  if (!end.ok) return end;
  return success({ action: "apply", path: written, namespace, force });
}
