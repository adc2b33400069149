// Checks every command grammar ends with: nothing left over, and a namespace when one is needed.
import { fail, type GrammarResult, success } from "./parsed-request.ts";
import type { TokenCursor } from "./token-cursor.ts";

export const NO_NAMESPACE =
  'no namespace is given: add "in <namespace>" (or "-n <namespace>"). Skyflo does not assume "default", because guessing a namespace in production could change the wrong workload';

export function requireNamespace(namespace: string | undefined, understood: string): GrammarResult<string> {
  return namespace === undefined ? fail(understood, NO_NAMESPACE) : success(namespace);
}

/** Fails when words are left that the grammar did not read. */
export function expectEnd(cursor: TokenCursor, understood: string): GrammarResult<true> {
  if (cursor.atEnd()) return success(true);
  return fail(understood, `these words do not fit the command: "${cursor.remaining()}"`);
}
