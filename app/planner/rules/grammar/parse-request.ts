// The rules grammar's entry: tokens → which command, by its first word(s), then that command's
// own grammar. Keywords are case-insensitive; names and values are taken as written.
import type { Token } from "../tokenize.ts";
import { parseApply } from "./apply.ts";
import { argoGrammar, isArgoSetImage, isArgoVerb, parseArgoSetImage } from "./argo.ts";
import { parseDelete } from "./delete.ts";
import { namesHelmRelease, parseHelmRollback, parseHelmUninstall, parseHelmUpgrade } from "./helm.ts";
import { isJenkinsRequest, parseJenkinsBuild } from "./jenkins.ts";
import { extractNamespace } from "./namespace-clause.ts";
import { fail, type GrammarResult, type ParsedRequest } from "./parsed-request.ts";
import { parseRestart } from "./restart.ts";
import { parseRollback } from "./rollback.ts";
import { parseScale } from "./scale.ts";
import { parseSetImage } from "./set-image.ts";
import { TokenCursor } from "./token-cursor.ts";

type CommandGrammar = (cursor: TokenCursor, namespace: string | undefined) => GrammarResult<ParsedRequest>;

/** Which grammar reads the rest, chosen by the first word(s); undefined: not a command we know. */
function chooseGrammar(cursor: TokenCursor): CommandGrammar | undefined {
  const verb = cursor.next();
  switch (verb?.lower) {
    case "scale":
      return parseScale;
    case "restart":
      return parseRestart;
    case "set":
      return isArgoSetImage(cursor) ? parseArgoSetImage : parseSetImage;
    case "rollback":
    case "undo":
      return namesHelmRelease(cursor) ? parseHelmRollback : parseRollback;
    case "roll":
      if (!cursor.accept("back")) return undefined;
      return namesHelmRelease(cursor) ? parseHelmRollback : parseRollback;
    case "upgrade":
      return parseHelmUpgrade;
    case "uninstall":
      return parseHelmUninstall;
    case "rollout":
      if (cursor.accept("restart")) return parseRestart;
      if (cursor.accept("undo")) return parseRollback;
      return undefined;
    case "apply":
      return parseApply;
    case "delete":
      return parseDelete;
    default: {
      const word = verb?.lower; // promote, abort, retry, pause, resume: Argo Rollouts
      return isArgoVerb(word) ? argoGrammar(word) : undefined;
    }
  }
}

export function parseRequest(tokens: readonly Token[]): GrammarResult<ParsedRequest> {
  if (tokens.length === 0) return fail(undefined, "the request is empty");
  // Before the namespace clause: Jenkins jobs have none, and a quoted value may contain " in ".
  if (isJenkinsRequest(tokens)) return parseJenkinsBuild(tokens);
  const clause = extractNamespace(tokens);
  if (!clause.ok) return fail(undefined, clause.problem);
  const cursor = new TokenCursor(clause.rest);
  const grammar = chooseGrammar(cursor);
  if (grammar === undefined) {
    return fail(
      undefined,
      `"${clause.rest[0]?.text ?? tokens[0]?.text}" does not start a request the rules planner knows`,
    );
  }
  return grammar(cursor, clause.namespace);
}
